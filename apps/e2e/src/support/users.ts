/** People for browser specs: users created through the API with the bootstrap token, one password for all. */
import type { Role, User } from '@fleetmedic/protocol';
import type { RunningServer } from '@fleetmedic/server';
import { adminHeaders } from './environment';

export const USER_PASSWORD = 'a-long-enough-password';

export async function createUser(
  server: Pick<RunningServer, 'url'>,
  username: string,
  role: Role,
): Promise<string> {
  const response = await fetch(`${server.url}/api/users`, {
    method: 'POST',
    headers: { ...adminHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: USER_PASSWORD, role }),
  });
  if (response.status !== 201) throw new Error(`create ${username}: ${response.status}`);
  return ((await response.json()) as User).id;
}
