import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AgentCredentials,
  CredentialsError,
  credentialsPath,
  readCredentials,
  writeCredentials,
} from './credentials';

describe('credentials file', () => {
  let dir: string;
  const credentials: AgentCredentials = {
    serverUrl: 'http://fleetmedic.example:3000',
    agentId: '0190a6b0-0000-7000-8000-000000000001',
    agentToken: 'a'.repeat(48),
    enrolledAt: '2026-01-05T08:00:00.000Z',
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'credentials-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads back what was written', async () => {
    await writeCredentials(dir, credentials);
    await expect(readCredentials(dir)).resolves.toEqual(credentials);
  });

  it('is readable by its owner only', async () => {
    const path = await writeCredentials(dir, credentials);
    const mode = (await stat(path)).mode & 0o777;
    // Windows ignores POSIX modes: protecting the file there is an ACL's job.
    expect(process.platform === 'win32' || mode === 0o600).toBe(true);
  });

  it('is null before enrollment', async () => {
    await expect(readCredentials(join(dir, 'never-enrolled'))).resolves.toBeNull();
  });

  it('names the file and the problem when the file is damaged', async () => {
    await writeFile(credentialsPath(dir), '{"serverUrl":"http://x:1","agentId":"a"', 'utf8');
    await expect(readCredentials(dir)).rejects.toThrow(`${credentialsPath(dir)}: is not valid JSON`);
  });

  it.each([
    [{ ...credentials, agentToken: undefined }, 'agentToken is missing'],
    [{ ...credentials, agentId: 42 }, 'agentId must be a non-empty string'],
    [{ ...credentials, serverUrl: 'fleetmedic:3000' }, 'serverUrl must be an http(s) URL'],
    [{ ...credentials, enrolledAt: 'yesterday' }, 'enrolledAt must be an ISO 8601 date-time'],
    [{ ...credentials, serverPublicKey: 'not a key' }, 'serverPublicKey must be a PEM public key'],
    [[credentials], 'expected a JSON object'],
  ])('refuses %p: %s', async (content, problem) => {
    await writeFile(credentialsPath(dir), JSON.stringify(content), 'utf8');
    const reading = readCredentials(dir);
    await expect(reading).rejects.toThrow(CredentialsError);
    await expect(readCredentials(dir)).rejects.toThrow(problem);
  });
});
