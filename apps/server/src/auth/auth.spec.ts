/** Integration: signing in and out, API tokens, users' changes taking effect at once, and the hardening. */
import type { ApiError, ApiTokenList, AuditList, Principal, User } from '@fleetmedic/protocol';
import { createToken, createUser, liveBySession, liveRefusal, login, signedIn } from '../testing/sign-in';
import {
  type TestLiveSocket,
  type TestServer,
  TEST_ADMIN_PASSWORD,
  adminHeaders,
  getJson,
  liveSocket,
  startTestServer,
} from '../testing/test-server';

async function send(
  server: TestServer,
  method: string,
  route: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; body: ApiError & Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: (text ? JSON.parse(text) : {}) as ApiError & Record<string, unknown>,
    headers: response.headers,
  };
}

function disconnected(socket: TestLiveSocket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
}

async function auditActions(server: TestServer, prefix: string) {
  const { body } = await getJson<AuditList>(server, `/api/audit?action=${prefix}`);
  return body.events;
}

describe('signing in', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ FLEETMEDIC_LOGIN_MAX_FAILURES: '3' });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('signs the admin in with FLEETMEDIC_ADMIN_PASSWORD and sets an httpOnly, SameSite=Strict cookie', async () => {
    const { cookie, setCookie } = await login(server, 'admin', TEST_ADMIN_PASSWORD);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).toMatch(/Path=\//);
    const me = await send(server, 'GET', '/api/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { username: 'admin', role: 'admin' },
      role: 'admin',
      via: 'session',
    });
  });

  it('refuses a wrong password with a clear message and audits it; an unknown user gets the same answer', async () => {
    await createUser(server, 'olga', 'operator');
    const wrong = await send(
      server,
      'POST',
      '/api/auth/login',
      {},
      { username: 'olga', password: 'not-her-password' },
    );
    const unknown = await send(
      server,
      'POST',
      '/api/auth/login',
      {},
      { username: 'nobody', password: 'whatever-12345' },
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({
      code: 'INVALID_CREDENTIALS',
      message: 'Wrong user name or password.',
    });
    expect(unknown.body).toEqual(wrong.body);
    const failures = (await auditActions(server, 'auth.login')).filter(
      (event) => event.outcome === 'failure',
    );
    expect(failures.map((event) => [event.actor.name, event.detail.reason])).toEqual(
      expect.arrayContaining([
        ['olga', 'wrong password'],
        ['nobody', 'unknown user'],
      ]),
    );
  });

  it('stops checking passwords after too many failures from one address, with Retry-After, and audits it', async () => {
    await createUser(server, 'victor', 'viewer');
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const failed = await send(
        server,
        'POST',
        '/api/auth/login',
        {},
        { username: 'victor', password: 'guess-number-x' },
      );
      expect(failed.status).toBe(401);
    }
    // Even the right password is not checked now.
    const limited = await send(
      server,
      'POST',
      '/api/auth/login',
      {},
      { username: 'victor', password: 'correct-horse-battery-staple' },
    );
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('TOO_MANY_ATTEMPTS');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body.message).toMatch(/try again in \d+ minute/);
    // A header the client writes does not make it another address.
    const disguised = await send(
      server,
      'POST',
      '/api/auth/login',
      { 'x-forwarded-for': '203.0.113.7', 'x-real-ip': '203.0.113.7' },
      { username: 'victor', password: 'guess-number-y' },
    );
    expect(disguised.status).toBe(429);
    const denied = (await auditActions(server, 'auth.login')).filter((event) => event.outcome === 'denied');
    expect(denied[0]).toMatchObject({
      actor: { name: 'victor' },
      detail: { reason: 'too many failed attempts' },
    });
  });

  it('ends the session on logout: the cookie stops working and its live connection closes at once', async () => {
    await createUser(server, 'lena', 'viewer');
    const { cookie } = await login(server, 'lena');
    const live = await liveBySession(server, cookie);
    const closed = disconnected(live);
    expect((await send(server, 'POST', '/api/auth/logout', { cookie })).status).toBe(204);
    await expect(closed).resolves.toBe('io server disconnect');
    const after = await send(server, 'GET', '/api/hosts', { cookie });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('UNAUTHENTICATED');
    expect((await auditActions(server, 'auth.logout')).map((event) => event.actor.name)).toContain('lena');
  });

  it('refuses a change made with the cookie from another site', async () => {
    const { cookie } = await login(server, 'admin', TEST_ADMIN_PASSWORD);
    const body = { username: 'mallory', password: 'a-long-enough-password', role: 'admin' };
    const forged = await send(server, 'POST', '/api/users', { cookie, origin: 'https://evil.example' }, body);
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('CROSS_ORIGIN_REQUEST');
    // A browser that hides the origin still says the request is cross-site.
    const hidden = await send(server, 'POST', '/api/users', { cookie, 'sec-fetch-site': 'cross-site' }, body);
    expect(hidden.body.code).toBe('CROSS_ORIGIN_REQUEST');
    // Nor does the cookie open /live for another site.
    expect(await liveRefusal(server, { extraHeaders: { cookie, origin: 'https://evil.example' } })).toBe(
      'UNAUTHENTICATED',
    );
    const users = (await getJson<{ users: User[] }>(server, '/api/users')).body.users;
    expect(users.map((user) => user.username)).not.toContain('mallory');
    // The dashboard's own origin is fine.
    const own = await send(server, 'POST', '/api/users', { cookie, origin: server.url }, body);
    expect(own.status).toBe(201);
  });
});

describe('guessing passwords in parallel', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ FLEETMEDIC_LOGIN_MAX_FAILURES: '3' });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('checks no more passwords than the limit, however many attempts arrive at once', async () => {
    await createUser(server, 'pat', 'viewer');
    const attempts = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        send(server, 'POST', '/api/auth/login', {}, { username: 'pat', password: `guess-number-${index}` }),
      ),
    );
    const statuses = attempts.map((attempt) => attempt.status).sort();
    expect(statuses).toEqual([...Array<number>(3).fill(401), ...Array<number>(17).fill(429)]);
  });
});

describe('API tokens and users', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('shows a token once, lists it without its value, and a revoked token stops at once, live included', async () => {
    const olivia = await signedIn(server, 'operator', 'olivia');
    const created = await createToken(server, { cookie: olivia.cookie }, 'nightly report', 'viewer');
    expect(created.value).toMatch(/^fmt_/);
    expect(created.token).toMatchObject({
      name: 'nightly report',
      role: 'viewer',
      username: 'olivia',
      revokedAt: null,
    });
    const listed = await send(server, 'GET', '/api/tokens', { cookie: olivia.cookie });
    expect(JSON.stringify(listed.body)).not.toContain(created.value);
    expect((listed.body as unknown as ApiTokenList).tokens.map((token) => token.name)).toEqual(
      expect.arrayContaining(['nightly report', 'olivia automation']),
    );

    const bearer = { authorization: `Bearer ${created.value}` };
    expect((await send(server, 'GET', '/api/hosts', bearer)).status).toBe(200);
    // A viewer token cannot acknowledge even though its owner could.
    expect((await send(server, 'GET', '/api/auth/me', bearer)).body).toMatchObject({
      role: 'viewer',
      via: 'token',
    });
    const live = await liveSocket(server, created.value);
    const closed = disconnected(live);
    const revoked = await send(server, 'DELETE', `/api/tokens/${created.token.id}`, {
      cookie: olivia.cookie,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).toEqual(expect.any(String));
    await expect(closed).resolves.toBe('io server disconnect');
    expect((await send(server, 'GET', '/api/hosts', bearer)).status).toBe(401);
  });

  it('never makes a token stronger than its creator, and hides other people’s tokens from non-admins', async () => {
    const vera = await signedIn(server, 'viewer', 'vera');
    const tooStrong = await send(
      server,
      'POST',
      '/api/tokens',
      { cookie: vera.cookie },
      { name: 'x', role: 'admin' },
    );
    expect(tooStrong.status).toBe(403);
    expect(tooStrong.body.message).toMatch(/role: a token may not exceed its creator's role \(viewer\)/);
    // A token acts with its own role, so it cannot mint a stronger one for its owner either.
    const adminAsViewer = await createToken(server, adminHeaders, 'admin reading', 'viewer');
    const minted = await send(
      server,
      'POST',
      '/api/tokens',
      { authorization: `Bearer ${adminAsViewer.value}` },
      { name: 'y', role: 'operator' },
    );
    expect(minted.status).toBe(403);
    const names = (await getJson<ApiTokenList>(server, '/api/tokens')).body.tokens.map((token) => token.name);
    expect(names).not.toContain('x');
    expect(names).not.toContain('y');
    const olivia = await signedIn(server, 'operator', 'olivia-2');
    const hers = await createToken(server, { cookie: olivia.cookie }, 'hers');
    const notVeras = await send(server, 'DELETE', `/api/tokens/${hers.token.id}`, { cookie: vera.cookie });
    expect(notVeras.status).toBe(404);
    expect((await send(server, 'GET', '/api/hosts', { authorization: `Bearer ${hers.value}` })).status).toBe(
      200,
    );
  });

  it('caps a token by its owner’s current role: demoting the owner demotes the token', async () => {
    const abe = await signedIn(server, 'approver', 'abe');
    const bearer = { authorization: `Bearer ${abe.token}` };
    expect((await send(server, 'GET', '/api/audit', bearer)).status).toBe(200);
    const user = abe.user;
    expect(
      (await send(server, 'PATCH', `/api/users/${user.id}`, adminHeaders, { role: 'viewer' })).status,
    ).toBe(200);
    expect((await send(server, 'GET', '/api/audit', bearer)).status).toBe(403);
  });

  it('ends a user’s sessions when they are disabled or their password changes, and audits who did it', async () => {
    const dora = await signedIn(server, 'operator', 'dora');
    const live = await liveBySession(server, dora.cookie);
    const closed = disconnected(live);
    const disabled = await send(server, 'PATCH', `/api/users/${dora.user.id}`, adminHeaders, {
      disabled: true,
    });
    expect(disabled.body).toMatchObject({ username: 'dora', disabled: true });
    await expect(closed).resolves.toBe('io server disconnect');
    expect((await send(server, 'GET', '/api/hosts', { cookie: dora.cookie })).status).toBe(401);
    expect((await send(server, 'GET', '/api/hosts', { authorization: `Bearer ${dora.token}` })).status).toBe(
      401,
    );
    const refused = await send(
      server,
      'POST',
      '/api/auth/login',
      {},
      { username: 'dora', password: 'correct-horse-battery-staple' },
    );
    expect(refused.status).toBe(401);

    await send(server, 'PATCH', `/api/users/${dora.user.id}`, adminHeaders, { disabled: false });
    const again = await login(server, 'dora');
    const liveAgain = await liveBySession(server, again.cookie);
    const closedAgain = disconnected(liveAgain);
    await send(server, 'PATCH', `/api/users/${dora.user.id}`, adminHeaders, {
      password: 'a-brand-new-password',
    });
    await expect(closedAgain).resolves.toBe('io server disconnect');
    expect((await send(server, 'GET', '/api/hosts', { cookie: again.cookie })).status).toBe(401);
    expect((await login(server, 'dora', 'a-brand-new-password')).cookie).toMatch(/^fleetmedic_session=/);

    const changes = (await auditActions(server, 'user.updated')).filter(
      (event) => event.target === `user:${dora.user.id}`,
    );
    expect(changes.map((event) => event.detail)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ disabled: true }),
        expect.objectContaining({ disabled: false }),
        expect.objectContaining({ passwordChanged: true }),
      ]),
    );
    expect(changes.every((event) => event.actor.name === 'admin' && event.actor.tokenId !== null)).toBe(true);
  });

  it('keeps at least one active admin, and refuses a taken user name', async () => {
    const { body } = await getJson<{ users: User[] }>(server, '/api/users');
    const admin = body.users.find((user) => user.username === 'admin')!;
    for (const change of [{ role: 'operator' }, { disabled: true }]) {
      const refused = await send(server, 'PATCH', `/api/users/${admin.id}`, adminHeaders, change);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('LAST_ADMIN');
    }
    expect((await send(server, 'DELETE', `/api/users/${admin.id}`, adminHeaders)).body.code).toBe(
      'LAST_ADMIN',
    );
    const taken = await send(server, 'POST', '/api/users', adminHeaders, {
      username: 'admin',
      password: 'a-long-enough-password',
      role: 'viewer',
    });
    expect(taken.status).toBe(409);
    expect(taken.body).toMatchObject({ code: 'USERNAME_TAKEN', message: 'username: admin is taken.' });
    const sameButCase = await send(server, 'POST', '/api/users', adminHeaders, {
      username: 'ADMIN',
      password: 'a-long-enough-password',
      role: 'viewer',
    });
    expect(sameButCase.body).toMatchObject({ code: 'USERNAME_TAKEN', message: 'username: admin is taken.' });
  });

  it('names the field of a bad user body and stores nothing', async () => {
    const before = (await getJson<{ users: User[] }>(server, '/api/users')).body.users.length;
    const short = await send(server, 'POST', '/api/users', adminHeaders, {
      username: 'sam',
      password: 'short',
      role: 'viewer',
    });
    expect(short.status).toBe(400);
    expect(short.body.issues).toEqual([
      { path: 'password', message: 'expected a password of at least 12 characters' },
    ]);
    const role = await send(server, 'POST', '/api/users', adminHeaders, {
      username: 'sam',
      password: 'a-long-enough-password',
      role: 'root',
    });
    expect(role.body.issues?.[0]?.path).toBe('role');
    expect((await getJson<{ users: User[] }>(server, '/api/users')).body.users.length).toBe(before);
  });

  it('answers me for a token with the token’s role', async () => {
    const me = await getJson<Principal>(server, '/api/auth/me');
    expect(me.body).toMatchObject({ user: { username: 'admin' }, role: 'admin', via: 'token' });
  });
});

describe('the bootstrap token', () => {
  it('stays revoked across a restart once an admin revoked it; a new value of the variable replaces it', async () => {
    const first = await startTestServer();
    const spare = await createToken(first, adminHeaders, 'spare admin', 'admin');
    const spareHeaders = { authorization: `Bearer ${spare.value}` };
    const { tokens } = (await getJson<ApiTokenList>(first, '/api/tokens')).body;
    const bootstrap = tokens.find((token) => token.name === 'FLEETMEDIC_BOOTSTRAP_TOKEN')!;
    expect((await send(first, 'DELETE', `/api/tokens/${bootstrap.id}`, spareHeaders)).status).toBe(200);
    expect((await send(first, 'GET', '/api/hosts', adminHeaders)).status).toBe(401);
    await first.stop();

    // Same variable, same database: a leaked token an admin revoked must not come back with the next start.
    const again = await startTestServer({}, first.dir);
    try {
      expect((await send(again, 'GET', '/api/hosts', adminHeaders)).status).toBe(401);
      expect((await send(again, 'GET', '/api/hosts', spareHeaders)).status).toBe(200);
      expect(again.logs.some((line) => line.includes('FLEETMEDIC_BOOTSTRAP_TOKEN was revoked'))).toBe(true);
    } finally {
      await again.stop();
    }

    const replacement = 'a-new-bootstrap-token-0123456789abcdef';
    const replaced = await startTestServer({ FLEETMEDIC_BOOTSTRAP_TOKEN: replacement }, first.dir);
    try {
      expect(
        (await send(replaced, 'GET', '/api/hosts', { authorization: `Bearer ${replacement}` })).status,
      ).toBe(200);
      expect((await send(replaced, 'GET', '/api/hosts', adminHeaders)).status).toBe(401);
    } finally {
      await replaced.stop();
    }
  });
});

describe('HTTP hardening', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('sends security headers and no CORS permission for other origins', async () => {
    const response = await fetch(`${server.url}/api/health`, { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a body over 1 MB with 413 and keeps serving', async () => {
    const huge = JSON.stringify({ name: 'x'.repeat(1_100_000) });
    const response = await send(server, 'POST', '/api/tokens', adminHeaders, huge);
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });

  it('marks the cookie Secure and sends HSTS when the server is reached over HTTPS', async () => {
    const behindTls = await startTestServer({ FLEETMEDIC_PUBLIC_URL: 'https://fleet.example' });
    try {
      const { setCookie } = await login(behindTls, 'admin', TEST_ADMIN_PASSWORD);
      expect(setCookie).toMatch(/;\s*Secure/i);
      const response = await fetch(`${behindTls.url}/api/health`);
      expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    } finally {
      await behindTls.stop();
    }
    // Over plain HTTP (the demo on 127.0.0.1) neither: the browser would drop a Secure cookie.
    const { setCookie } = await login(server, 'admin', TEST_ADMIN_PASSWORD);
    expect(setCookie).not.toMatch(/;\s*Secure/i);
    expect((await fetch(`${server.url}/api/health`)).headers.get('strict-transport-security')).toBeNull();
  });

  it('lets a dashboard served from a configured origin call the API with credentials', async () => {
    const other = await startTestServer({ FLEETMEDIC_DASHBOARD_ORIGINS: 'https://dash.example' });
    try {
      const preflight = await fetch(`${other.url}/api/hosts`, {
        method: 'OPTIONS',
        headers: { origin: 'https://dash.example', 'access-control-request-method': 'GET' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://dash.example');
      expect(preflight.headers.get('access-control-allow-credentials')).toBe('true');
      const elsewhere = await fetch(`${other.url}/api/health`, {
        headers: { origin: 'https://evil.example' },
      });
      expect(elsewhere.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await other.stop();
    }
  });
});
