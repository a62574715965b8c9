/**
 * Integration: passwords, tokens, session ids and enrollment secrets never show after their creation,
 * neither in any API answer nor in any log line, through a session of ordinary and hostile use at debug level.
 */
import type { HostList, RotatedEnrollSecret } from '@fleetmedic/protocol';
import { createToken, createUser, login } from '../testing/sign-in';
import {
  type TestServer,
  TEST_ADMIN_PASSWORD,
  TEST_ADMIN_TOKEN,
  TEST_ENROLL_SECRET,
  adminHeaders,
  connectAgent,
  enroll,
  startTestServer,
} from '../testing/test-server';

describe('secrets', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: 'trace' });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('never appear in API answers after creation nor in the logs', async () => {
    const secrets: Record<string, string> = {
      'admin password': TEST_ADMIN_PASSWORD,
      'bootstrap token': TEST_ADMIN_TOKEN,
      'enroll secret': TEST_ENROLL_SECRET,
    };
    const userPassword = 'operator-password-4711';
    secrets['user password'] = userPassword;
    await createUser(server, 'opal', 'operator', userPassword);
    const session = await login(server, 'opal', userPassword);
    secrets['session'] = session.sessionValue;
    const adminSession = await login(server, 'admin', TEST_ADMIN_PASSWORD);
    secrets['admin session'] = adminSession.sessionValue;
    secrets['wrong password'] = 'a-wrong-password-tried-once';
    await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'opal', password: secrets['wrong password'] }),
    });
    secrets['changed password'] = 'a-changed-password-0815';
    const opal = (await (
      await fetch(`${server.url}/api/auth/me`, { headers: { cookie: session.cookie } })
    ).json()) as {
      user: { id: string };
    };
    await fetch(`${server.url}/api/users/${opal.user.id}`, {
      method: 'PATCH',
      headers: { ...adminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ password: secrets['changed password'] }),
    });
    const token = await createToken(server, adminHeaders, 'ci');
    secrets['api token'] = token.value;
    await fetch(`${server.url}/api/hosts`, { headers: { authorization: `Bearer ${token.value}` } });
    const agent = await enroll(server, 'PC-SECRET');
    secrets['agent token'] = agent.agentToken;
    (await connectAgent(server, agent)).close();
    // Hostile: a wrong agent token, a wrong enrollment secret, a made-up bearer token.
    secrets['wrong bearer'] = 'fmt_made-up-token-value-123';
    await fetch(`${server.url}/api/hosts`, {
      headers: { authorization: `Bearer ${secrets['wrong bearer']}` },
    });
    secrets['wrong enroll secret'] = 'a-guessed-enrollment-secret';
    await fetch(`${server.url}/api/agents/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        enrollSecret: secrets['wrong enroll secret'],
        hostname: 'PC-X',
        agentVersion: '1',
        protocolVersion: 1,
      }),
    });
    const rotated = (await (
      await fetch(`${server.url}/api/agents/enroll-secret/rotate`, { method: 'POST', headers: adminHeaders })
    ).json()) as RotatedEnrollSecret;
    secrets['rotated secret'] = rotated.enrollSecret;

    const answers: string[] = [];
    for (const route of [
      '/api/users',
      '/api/tokens',
      '/api/audit?limit=500',
      '/api/hosts',
      `/api/hosts/${agent.agentId}`,
      '/api/auth/me',
      '/api/incidents?status=all',
    ])
      answers.push(await (await fetch(`${server.url}${route}`, { headers: adminHeaders })).text());
    expect(
      ((JSON.parse(answers[3]!) as HostList).hosts[0] as Record<string, unknown>).tokenHash,
    ).toBeUndefined();

    const leaks = Object.entries(secrets).flatMap(([name, value]) => [
      ...(answers.some((answer) => answer.includes(value)) ? [`${name} in an API answer`] : []),
      ...(server.logs.some((line) => line.includes(value)) ? [`${name} in the logs`] : []),
    ]);
    expect(leaks).toEqual([]);
    // The logs did record what happened, so the check above looked at something.
    expect(server.logs.length).toBeGreaterThan(10);
    expect(server.logs.some((line) => line.includes('PC-SECRET'))).toBe(true);
  });
});
