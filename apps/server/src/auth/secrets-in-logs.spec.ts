/**
 * Integration: passwords, tokens, session ids and enrollment secrets never show after their creation,
 * neither in any API answer nor in any log line, through a session of ordinary and hostile use at trace level.
 */
import { PROTOCOL_VERSION, type HostList, type RotatedEnrollSecret } from '@fleetmedic/protocol';
import { newBatch, newServiceObservation } from '../testing/factories';
import { createToken, createUser, liveBySession, liveRefusal, login } from '../testing/sign-in';
import {
  type TestServer,
  TEST_ADMIN_PASSWORD,
  TEST_ADMIN_TOKEN,
  TEST_ENROLL_SECRET,
  adminHeaders,
  agentSocket,
  connectAgent,
  connected,
  enroll,
  liveSocket,
  startTestServer,
} from '../testing/test-server';

describe('secrets', () => {
  let server: TestServer;
  /** Every secret the scenario handles, by what it is. */
  const secrets: Record<string, string> = {};

  function post(route: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${server.url}${route}`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: 'trace' });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('never appear in API answers after creation nor in the logs', async () => {
    secrets['admin password'] = TEST_ADMIN_PASSWORD;
    secrets['bootstrap token'] = TEST_ADMIN_TOKEN;
    secrets['enroll secret'] = TEST_ENROLL_SECRET;

    // People: created with passwords (by token and by session), signed in, one password changed.
    const adminSession = await login(server, 'admin', TEST_ADMIN_PASSWORD);
    secrets['admin session'] = adminSession.sessionValue;
    secrets['operator password'] = 'operator-password-4711';
    const opal = await createUser(server, 'opal', 'operator', secrets['operator password']);
    secrets['viewer password'] = 'viewer-password-0042';
    expect(
      (
        await post(
          '/api/users',
          { username: 'vic', password: secrets['viewer password'], role: 'viewer' },
          { cookie: adminSession.cookie, origin: server.url },
        )
      ).status,
    ).toBe(201);
    const session = await login(server, 'opal', secrets['operator password']);
    secrets['operator session'] = session.sessionValue;
    const vicSession = await login(server, 'vic', secrets['viewer password']);
    secrets['viewer session'] = vicSession.sessionValue;
    secrets['changed password'] = 'a-changed-password-0815';
    await fetch(`${server.url}/api/users/${opal.id}`, {
      method: 'PATCH',
      headers: { ...adminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ password: secrets['changed password'] }),
    });

    // Tokens: made, used on REST and /live, one revoked.
    const token = await createToken(server, adminHeaders, 'ci');
    secrets['api token'] = token.value;
    await fetch(`${server.url}/api/hosts`, { headers: { authorization: `Bearer ${token.value}` } });
    (await liveSocket(server, token.value)).close();
    const viewerToken = await createToken(
      server,
      { cookie: vicSession.cookie, origin: server.url },
      'vic cli',
    );
    secrets['viewer token'] = viewerToken.value;
    (await liveBySession(server, vicSession.cookie)).close();
    await fetch(`${server.url}/api/tokens/${viewerToken.token.id}`, {
      method: 'DELETE',
      headers: adminHeaders,
    });
    await liveRefusal(server, { auth: { token: viewerToken.value } });
    await post('/api/auth/logout', {}, { cookie: vicSession.cookie, origin: server.url });

    // Agents: enrolled, connected, reporting; the secret rotated and the new one used.
    const agent = await enroll(server, 'PC-SECRET');
    secrets['agent token'] = agent.agentToken;
    const socket = await connectAgent(server, agent);
    await socket.emitWithAck('observations', newBatch([newServiceObservation(agent.agentId)]));
    socket.close();
    const rotated = (await (
      await post('/api/agents/enroll-secret/rotate', {}, adminHeaders)
    ).json()) as RotatedEnrollSecret;
    secrets['rotated secret'] = rotated.enrollSecret;
    const second = await enroll(server, 'PC-SECRET-2', { enrollSecret: rotated.enrollSecret });
    secrets['second agent token'] = second.agentToken;

    // Hostile: a wrong password, a made-up bearer token and session, a wrong agent token, the old and a
    // guessed enrollment secret, and secrets inside bodies the server refuses as malformed.
    secrets['wrong password'] = 'a-wrong-password-tried-once';
    await post('/api/auth/login', { username: 'opal', password: secrets['wrong password'] });
    secrets['wrong bearer'] = 'fmt_made-up-token-value-123';
    await fetch(`${server.url}/api/hosts`, {
      headers: { authorization: `Bearer ${secrets['wrong bearer']}` },
    });
    secrets['made-up session'] = 'made-up-session-value-456';
    await fetch(`${server.url}/api/hosts`, {
      headers: { cookie: `fleetmedic_session=${secrets['made-up session']}` },
    });
    secrets['wrong agent token'] = 'a-wrong-agent-token-789';
    const impostor = agentSocket(server, {
      agentId: agent.agentId,
      token: secrets['wrong agent token'],
      protocolVersion: PROTOCOL_VERSION,
    });
    await connected(impostor).catch(() => undefined);
    impostor.close();
    secrets['wrong enroll secret'] = 'a-guessed-enrollment-secret';
    for (const enrollSecret of [secrets['wrong enroll secret'], TEST_ENROLL_SECRET])
      await post('/api/agents/enroll', {
        enrollSecret,
        hostname: 'PC-X',
        agentVersion: '1',
        protocolVersion: PROTOCOL_VERSION,
      });
    secrets['password in a bad body'] = 'password-in-a-bad-body-1';
    const malformed = [
      await post('/api/auth/login', {
        username: 'opal',
        password: secrets['password in a bad body'],
        extra: 1,
      }),
      await post(
        '/api/users',
        { username: 'bad name!', password: secrets['password in a bad body'] },
        adminHeaders,
      ),
      await post('/api/agents/enroll', {
        enrollSecret: rotated.enrollSecret,
        hostname: 'PC-Y',
        protocolVersion: 'one',
      }),
    ];
    expect(malformed.map((response) => response.status)).toEqual([400, 400, 400]);
    const refusals = await Promise.all(malformed.map((response) => response.text()));

    const answers = [...refusals];
    const { hosts } = (await (
      await fetch(`${server.url}/api/hosts`, { headers: adminHeaders })
    ).json()) as HostList;
    for (const route of [
      '/api/users',
      '/api/tokens',
      '/api/audit?limit=500',
      '/api/hosts',
      ...hosts.map((host) => `/api/hosts/${host.id}`),
      '/api/auth/me',
      '/api/incidents?status=all',
    ])
      answers.push(await (await fetch(`${server.url}${route}`, { headers: adminHeaders })).text());
    expect(hosts.map((host) => host.hostname).sort()).toEqual(['PC-SECRET', 'PC-SECRET-2']);
    expect((hosts[0] as Record<string, unknown>).tokenHash).toBeUndefined();

    const leaks = Object.entries(secrets).flatMap(([name, value]) => [
      ...(answers.some((answer) => answer.includes(value)) ? [`${name} in an API answer`] : []),
      ...(server.logs.some((line) => line.includes(value)) ? [`${name} in the logs`] : []),
    ]);
    expect(leaks).toEqual([]);
    // The logs and answers did record what happened, so the checks above looked at something.
    expect(server.logs.some((line) => line.includes('PC-SECRET'))).toBe(true);
    expect(server.logs.some((line) => line.includes('PC-SECRET-2'))).toBe(true);
    expect(answers.join('\n')).toContain('auth.login');
    expect(answers.join('\n')).toContain('vic cli');
  });
});
