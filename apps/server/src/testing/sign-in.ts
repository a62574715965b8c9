/** Helpers for specs that act as people: create users, sign in, make API tokens, open `/live` as them. */
import { LIVE_NAMESPACE, type CreatedApiToken, type Role, type User } from '@fleetmedic/protocol';
import { type ManagerOptions, type SocketOptions, io } from 'socket.io-client';
import type { RunningServer } from '../server';
import { type TestLiveSocket, adminHeaders, connected } from './test-server';

export const TEST_PASSWORD = 'correct-horse-battery-staple';

export interface SignedIn {
  user: User;
  /** `Cookie` header value carrying the session. */
  cookie: string;
  /** The raw session id, for checks that it never shows anywhere. */
  sessionValue: string;
  /** An API token of the same role. */
  token: string;
}

export async function createUser(
  server: Pick<RunningServer, 'url'>,
  username: string,
  role: Role,
  password = TEST_PASSWORD,
): Promise<User> {
  const response = await fetch(`${server.url}/api/users`, {
    method: 'POST',
    headers: { ...adminHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, role }),
  });
  if (response.status !== 201) throw new Error(`create user: ${response.status} ${await response.text()}`);
  return (await response.json()) as User;
}

/** Signs in and returns the session cookie (`fleetmedic_session=…`). */
export async function login(
  server: Pick<RunningServer, 'url'>,
  username: string,
  password = TEST_PASSWORD,
): Promise<{ cookie: string; sessionValue: string; setCookie: string }> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (response.status !== 200) throw new Error(`login: ${response.status} ${await response.text()}`);
  const setCookie = response.headers.get('set-cookie') ?? '';
  const match = /fleetmedic_session=([^;]+)/.exec(setCookie);
  if (!match?.[1]) throw new Error(`login set no session cookie: ${setCookie}`);
  return { cookie: `fleetmedic_session=${match[1]}`, sessionValue: match[1], setCookie };
}

export async function createToken(
  server: Pick<RunningServer, 'url'>,
  headers: Record<string, string>,
  name: string,
  role?: Role,
): Promise<CreatedApiToken> {
  const response = await fetch(`${server.url}/api/tokens`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(role === undefined ? { name } : { name, role }),
  });
  if (response.status !== 201) throw new Error(`create token: ${response.status} ${await response.text()}`);
  return (await response.json()) as CreatedApiToken;
}

/** A user of `role` signed in by session, with an API token of the same role. */
export async function signedIn(
  server: Pick<RunningServer, 'url'>,
  role: Role,
  username: string = role,
): Promise<SignedIn> {
  const user = await createUser(server, username, role);
  const { cookie, sessionValue } = await login(server, username);
  const { value } = await createToken(server, { cookie }, `${username} automation`);
  return { user, cookie, sessionValue, token: value };
}

/** A dashboard connection to `/live` made with the session cookie, from the dashboard's own origin. */
export async function liveBySession(
  server: Pick<RunningServer, 'url'>,
  cookie: string,
): Promise<TestLiveSocket> {
  const socket: TestLiveSocket = io(`${server.url}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { cookie, origin: server.url },
  });
  await connected(socket);
  return socket;
}

/**
 * Tries to open `/live` with `options` (`auth: { token }`, `extraHeaders: { cookie }`) and answers the
 * refusal's `data.code`, or `'connected'` when the server let the connection in.
 */
export async function liveRefusal(
  server: Pick<RunningServer, 'url'>,
  options: Partial<ManagerOptions & SocketOptions>,
): Promise<string | undefined> {
  const socket = io(`${server.url}${LIVE_NAMESPACE}`, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...options,
  });
  try {
    return await connected(socket).then(
      () => 'connected',
      (error: Error & { data?: { code?: string } }) => error.data?.code,
    );
  } finally {
    socket.close();
  }
}
