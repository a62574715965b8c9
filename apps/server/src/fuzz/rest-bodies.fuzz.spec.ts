/**
 * Property-based fuzzing of the REST bodies, path parameters and query strings against the real server:
 * each malformed request answered 400 (415 for a body in a charset or encoding it cannot read, 401 for
 * well-formed but wrong credentials) with the field at fault named, nothing stored, the server still serving.
 */
import querystring from 'node:querystring';
import fc from 'fast-check';
import {
  auditQuerySchema,
  createApiTokenRequestSchema,
  createUserRequestSchema,
  enrollmentRequestSchema,
  incidentListQuerySchema,
  loginRequestSchema,
  updateUserRequestSchema,
  type ApiError,
  type ApiTokenList,
  type HostList,
  type User,
  type UserList,
} from '@fleetmedic/protocol';
import type { z } from 'zod';
import { TEST_PASSWORD, createUser } from '../testing/sign-in';
import {
  type TestServer,
  TEST_ADMIN_PASSWORD,
  TEST_ENROLL_SECRET,
  adminHeaders,
  getJson,
  startTestServer,
} from '../testing/test-server';
import { AGENT_FUZZ_RUNS, FUZZ_SEED, MIN_FUZZ_INPUTS, REST_FUZZ_RUNS, sum } from './fuzz-budget';
import {
  MAX_ERROR_CHARS,
  type LargeInput,
  type Mutation,
  anyRefusedJson,
  asSent,
  brokenInOnePlace,
  issuesProblem,
  largeMessage,
  largeRefused,
  runs,
} from './malformed';

/** GET /api/health every so many requests: the server still answers between them. */
const HEALTH_EVERY = 250;

interface Answer {
  status: number;
  text: string;
  body: Partial<ApiError>;
  setCookie: string | null;
}

interface Expected {
  status: number;
  codes: readonly string[];
}

const invalidRequest: Expected = { status: 400, codes: ['INVALID_REQUEST'] };

/** What is wrong with the answer to a bad request, or null when it is the clear error expected. */
function problemWith(
  answer: Answer,
  mutation: Mutation | null,
  expected: Expected = invalidRequest,
): string | null {
  const { status, text, body } = answer;
  if (status !== expected.status) return `status ${status}: ${text.slice(0, 300)}`;
  if (text.length > MAX_ERROR_CHARS) return `an answer of ${text.length} characters`;
  if (body.statusCode !== status)
    return `statusCode ${body.statusCode} in a ${status}: ${text.slice(0, 300)}`;
  if (!expected.codes.includes(body.code ?? '')) return `code ${body.code}: ${body.message}`;
  if (typeof body.message !== 'string' || body.message.length < 20) return `vague message: ${body.message}`;
  if (answer.setCookie !== null) return `a cookie set: ${answer.setCookie}`;
  if (body.code !== 'INVALID_REQUEST' || body.issues === undefined) return null;
  return issuesProblem(body.message, body.issues, mutation);
}

// Thousands of requests per test: far beyond jest's 5 s default on a loaded machine.
jest.setTimeout(120_000);

describe('REST bodies and queries under malformed input', () => {
  let server: TestServer;
  let target: User;
  let usersBefore: User[];
  let tokensBefore: unknown[];

  beforeAll(async () => {
    server = await startTestServer({
      LOG_LEVEL: 'error',
      // The fuzz is one address sending thousands of bad logins and enrollments: the failure limits
      // (10 per address by default) would answer 429 after the tenth, so they are lifted for this server.
      FLEETMEDIC_LOGIN_MAX_FAILURES: '1000000',
      FLEETMEDIC_ENROLL_MAX_FAILURES: '1000000',
    });
    target = await createUser(server, 'fuzz-target', 'viewer');
    usersBefore = (await getJson<UserList>(server, '/api/users')).body.users;
    tokensBefore = await tokenIdentities();
  });

  afterAll(async () => {
    await server.stop();
  });

  /** Tokens as they are, less when they were last used (every admin request uses one). */
  async function tokenIdentities(): Promise<unknown[]> {
    const { tokens } = (await getJson<ApiTokenList>(server, '/api/tokens')).body;
    return tokens.map(({ lastUsedAt: _lastUsedAt, ...token }) => token);
  }

  async function expectNothingStored(): Promise<void> {
    expect((await getJson<UserList>(server, '/api/users')).body.users).toEqual(usersBefore);
    expect(await tokenIdentities()).toEqual(tokensBefore);
    expect((await getJson<HostList>(server, '/api/hosts')).body.hosts).toEqual([]);
  }

  /** Node's fetch keeps its connections alive: thousands of requests reuse a handful of sockets. */
  async function send(
    method: string,
    route: string,
    body: string | undefined,
    headers: Record<string, string> = adminHeaders,
  ): Promise<Answer> {
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: Partial<ApiError> = {};
    try {
      parsed = JSON.parse(text) as Partial<ApiError>;
    } catch {
      // not JSON: problemWith reports the status and the text
    }
    return { status: response.status, text, body: parsed, setCookie: response.headers.get('set-cookie') };
  }

  /** Runs `check` on `numRuns` inputs, one request at a time; returns how many ran. */
  const property = async <T>(
    label: string,
    arbitrary: fc.Arbitrary<T>,
    numRuns: number,
    check: (input: T) => Promise<string | null>,
  ): Promise<number> => {
    const before = runs.count;
    await fc.assert(
      fc.asyncProperty(arbitrary, async (input) => {
        runs.count += 1;
        const problem =
          (await check(input)) ??
          (runs.count % HEALTH_EVERY === 0 && (await fetch(`${server.url}/api/health`)).status !== 200
            ? 'the server stopped answering /api/health'
            : null);
        if (problem !== null) throw new Error(`${label}: ${problem}`);
      }),
      { seed: FUZZ_SEED, numRuns, endOnFailure: true },
    );
    return runs.count - before;
  };

  /** A valid body broken in one place, then any JSON the schema refuses: each answered 400 naming it. */
  async function bodies(
    label: string,
    route: { method: string; path: string; headers?: Record<string, string> },
    valid: unknown,
    schema: z.ZodType,
    numRuns: { broken: number; anyJson: number },
  ): Promise<number> {
    expect(schema.safeParse(valid).success).toBe(true);
    const broken = await property(label, brokenInOnePlace(valid, schema), numRuns.broken, async (mutation) =>
      problemWith(
        await send(route.method, route.path, JSON.stringify(asSent(mutation.message)), route.headers),
        mutation,
      ),
    );
    const anyJson = await property(
      `${label} (any JSON)`,
      anyRefusedJson(schema),
      numRuns.anyJson,
      async (value) =>
        problemWith(await send(route.method, route.path, JSON.stringify(value), route.headers), null),
    );
    return broken + anyJson;
  }

  afterEach(async () => {
    await expectNothingStored();
  });

  it('login: malformed bodies answered 400, wrong credentials 401, no session ever', async () => {
    const login = { method: 'POST', path: '/api/auth/login', headers: {} };
    const valid = { username: 'admin', password: 'a-password-123' };
    const malformed = await bodies('login', login, valid, loginRequestSchema, {
      broken: REST_FUZZ_RUNS.loginBroken,
      anyJson: REST_FUZZ_RUNS.loginAnyJson,
    });
    const credentials = fc
      .record({
        username: fc.oneof(
          fc.constantFrom('admin', 'ADMIN', 'fuzz-target'),
          fc.stringMatching(/^[a-z0-9._@-]{1,64}$/),
        ),
        password: fc.string({ minLength: 1, maxLength: 256 }),
      })
      .filter(({ password }) => password !== TEST_ADMIN_PASSWORD && password !== TEST_PASSWORD);
    const wrong = await property(
      'login (wrong credentials)',
      credentials,
      REST_FUZZ_RUNS.loginWrongCredentials,
      async (body) =>
        problemWith(await send('POST', login.path, JSON.stringify(body), {}), null, {
          status: 401,
          codes: ['INVALID_CREDENTIALS'],
        }),
    );
    expect(malformed + wrong).toBe(
      REST_FUZZ_RUNS.loginBroken + REST_FUZZ_RUNS.loginAnyJson + REST_FUZZ_RUNS.loginWrongCredentials,
    );
  });

  it('users: malformed bodies to create or change one, and malformed user ids', async () => {
    const create = { username: 'fuzz-new', password: 'a-long-enough-password', role: 'operator' };
    const created = await bodies(
      'create user',
      { method: 'POST', path: '/api/users' },
      create,
      createUserRequestSchema,
      {
        broken: REST_FUZZ_RUNS.createUserBroken,
        anyJson: REST_FUZZ_RUNS.createUserAnyJson,
      },
    );
    const update = { role: 'operator', disabled: true, password: 'another-long-password' };
    const updated = await bodies(
      'update user',
      { method: 'PATCH', path: `/api/users/${target.id}` },
      update,
      updateUserRequestSchema,
      { broken: REST_FUZZ_RUNS.updateUserBroken, anyJson: REST_FUZZ_RUNS.updateUserAnyJson },
    );
    // A path segment that is not a user id, or not even valid percent-encoding, with a valid body.
    const segment = fc
      .oneof(
        fc.string({ minLength: 1, maxLength: 40 }).map(encodeURIComponent),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }).map(encodeURIComponent),
        fc.constantFrom(
          '%',
          '%ZZ',
          '%E0%A4%A',
          '%C0%AF',
          '%FF',
          '%00',
          `${target.id}%00`,
          `${target.id}%20`,
          target.id.toUpperCase() + 'x',
        ),
        fc.uuid().map((id) => `${id}x`),
      )
      .filter((text) => !['.', '..', '%2E', '%2e'].includes(text));
    const ids = await property('user id', segment, REST_FUZZ_RUNS.userIdParam, async (text) => {
      const answer = await send('PATCH', `/api/users/${text}`, JSON.stringify({ role: 'admin' }));
      const problem = problemWith(answer, { path: 'id', message: text });
      if (problem !== null) return problem;
      return /id|percent-encoding/.test(answer.body.message ?? '')
        ? null
        : `not named: ${answer.body.message}`;
    });
    expect(created + updated + ids).toBe(
      REST_FUZZ_RUNS.createUserBroken +
        REST_FUZZ_RUNS.createUserAnyJson +
        REST_FUZZ_RUNS.updateUserBroken +
        REST_FUZZ_RUNS.updateUserAnyJson +
        REST_FUZZ_RUNS.userIdParam,
    );
  });

  it('tokens and enrollment: malformed bodies, and well-formed enrollments with a wrong secret', async () => {
    const token = { name: 'fuzz', role: 'viewer', expiresInDays: 30 };
    const tokens = await bodies(
      'token',
      { method: 'POST', path: '/api/tokens' },
      token,
      createApiTokenRequestSchema,
      {
        broken: REST_FUZZ_RUNS.tokenBroken,
        anyJson: REST_FUZZ_RUNS.tokenAnyJson,
      },
    );
    const enrollment = {
      enrollSecret: TEST_ENROLL_SECRET,
      hostname: 'PC-FUZZ',
      agentVersion: '0.1.0',
      protocolVersion: 1,
      machineId: 'm-1',
    };
    const enroll = { method: 'POST', path: '/api/agents/enroll', headers: {} };
    const enrollments = await bodies('enroll', enroll, enrollment, enrollmentRequestSchema, {
      broken: REST_FUZZ_RUNS.enrollBroken,
      anyJson: REST_FUZZ_RUNS.enrollAnyJson,
    });
    const wrongSecret = fc
      .record({
        enrollSecret: fc.string({ minLength: 1, maxLength: 512 }),
        hostname: fc.string({ minLength: 1, maxLength: 255 }),
        agentVersion: fc.string({ minLength: 1, maxLength: 64 }),
        protocolVersion: fc.constant(1),
      })
      .filter(({ enrollSecret }) => enrollSecret !== TEST_ENROLL_SECRET);
    const refused = await property(
      'enroll (wrong secret)',
      wrongSecret,
      REST_FUZZ_RUNS.enrollWrongSecret,
      async (body) =>
        problemWith(await send('POST', enroll.path, JSON.stringify(body), {}), null, {
          status: 401,
          codes: ['INVALID_ENROLL_SECRET'],
        }),
    );
    expect(tokens + enrollments + refused).toBe(
      REST_FUZZ_RUNS.tokenBroken +
        REST_FUZZ_RUNS.tokenAnyJson +
        REST_FUZZ_RUNS.enrollBroken +
        REST_FUZZ_RUNS.enrollAnyJson +
        REST_FUZZ_RUNS.enrollWrongSecret,
    );
  });

  it('query strings: repeated, unknown, empty or not valid percent-encoding', async () => {
    /** A raw query string of these keys, parsed by the server as Express's default parser does. */
    const rawQuery = (keys: string[], values: fc.Arbitrary<string>, schema: z.ZodType) => {
      const key = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...keys) },
        fc.constantFrom(
          ...keys.map((name) => `${name}[]`),
          `${keys[0]}[a]`,
          'foo',
          '__proto__',
          'constructor',
          '',
        ),
      );
      const value = fc.oneof(
        { weight: 3, arbitrary: values.map(encodeURIComponent) },
        fc.string({ maxLength: 12 }).map(encodeURIComponent),
        fc.constantFrom('%', '%ZZ', '%E0%A4%A', '%00', '+', '%20', ''),
      );
      return fc
        .array(fc.tuple(key, value), { minLength: 1, maxLength: 4 })
        .map((pairs) => pairs.map(([name, text]) => `${encodeURIComponent(name)}=${text}`).join('&'))
        .filter((text) => !schema.safeParse(querystring.parse(text)).success);
    };
    const namesOnly = (keys: string[]) => (answer: Answer) => {
      const unnamed = (answer.body.issues ?? []).filter(
        (issue) =>
          !keys.includes(issue.path) &&
          !(issue.path === '(message)' && /Unrecognized key/.test(issue.message)),
      );
      return unnamed.length === 0 ? null : `issues about nothing asked: ${JSON.stringify(unnamed)}`;
    };
    const incidentKeys = ['status'];
    const incidents = await property(
      'incidents query',
      rawQuery(
        incidentKeys,
        fc.constantFrom('open', 'resolved', 'all', 'OPEN', 'closed', ' open'),
        incidentListQuerySchema,
      ),
      REST_FUZZ_RUNS.incidentsQuery,
      async (query) => {
        const answer = await send('GET', `/api/incidents?${query}`, undefined);
        return problemWith(answer, null) ?? namesOnly(incidentKeys)(answer);
      },
    );
    const auditKeys = ['limit', 'before', 'action'];
    const auditValues = fc.oneof(
      fc.integer({ min: -1000, max: 100_000 }).map(String),
      fc.constantFrom(
        '1e3',
        '0x10',
        '1.5',
        '-0',
        'Infinity',
        'NaN',
        '9007199254740993',
        'auth.',
        'user.created',
        'a..b',
        'AUTH',
      ),
    );
    const audit = await property(
      'audit query',
      rawQuery(auditKeys, auditValues, auditQuerySchema),
      REST_FUZZ_RUNS.auditQuery,
      async (query) => {
        const answer = await send('GET', `/api/audit?${query}`, undefined);
        return problemWith(answer, null) ?? namesOnly(auditKeys)(answer);
      },
    );
    expect(incidents + audit).toBe(REST_FUZZ_RUNS.incidentsQuery + REST_FUZZ_RUNS.auditQuery);
  });

  const routes = [
    { method: 'POST', path: '/api/auth/login', headers: {} },
    { method: 'POST', path: '/api/agents/enroll', headers: {} },
    { method: 'POST', path: '/api/users', headers: adminHeaders },
    { method: 'POST', path: '/api/tokens', headers: adminHeaders },
    { method: 'PATCH', path: '/api/users/{target}', headers: adminHeaders },
  ];
  const routeTo = (route: (typeof routes)[number]) => route.path.replace('{target}', target.id);

  it('bodies that are not JSON at all: 400 INVALID_JSON', async () => {
    const notJson = fc
      .oneof(
        fc.string({ minLength: 1, maxLength: 200 }),
        fc.string({ unit: 'binary', minLength: 1, maxLength: 50 }),
        fc.jsonValue().map((value) => JSON.stringify(value).slice(0, -1)),
        fc.constantFrom(
          '{',
          '{"username": ',
          "{'username': 'admin'}",
          '{"a":1,}',
          'undefined',
          'NaN',
          '\u0000',
          ' ',
        ),
      )
      .filter((text) => {
        try {
          // body-parser drops a leading byte order mark before parsing
          JSON.parse(text.replace(/^\uFEFF/, ''));
          return false;
        } catch {
          return true;
        }
      });
    const count = await property(
      'not JSON',
      fc.tuple(notJson, fc.constantFrom(...routes)),
      REST_FUZZ_RUNS.notJson,
      async ([text, route]) =>
        problemWith(await send(route.method, routeTo(route), text, route.headers), null, {
          status: 400,
          codes: ['INVALID_JSON'],
        }),
    );
    expect(count).toBe(REST_FUZZ_RUNS.notJson);
  });

  it('bodies the server cannot read: wrong content type, unknown charset or encoding, not really compressed', async () => {
    const unreadable = fc.record({
      contentType: fc.constantFrom(
        'application/json; charset=bogus',
        'application/json; charset=utf-bogus',
        'application/json; charset=latin1',
        'application/json; charset=utf-16',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'application/json-patch',
      ),
      contentEncoding: fc.constantFrom(undefined, 'identity', 'gzip', 'deflate', 'br', 'bogus', 'compress'),
      body: fc.oneof(
        fc.constant('{"username":"admin","password":"a-password-123"}'),
        fc.string({ maxLength: 100 }),
      ),
      route: fc.constantFrom(...routes),
    });
    const count = await property(
      'unreadable body',
      unreadable,
      REST_FUZZ_RUNS.unreadableBody,
      async (input) => {
        const headers: Record<string, string> = { ...input.route.headers, 'content-type': input.contentType };
        if (input.contentEncoding !== undefined) headers['content-encoding'] = input.contentEncoding;
        const answer = await send(input.route.method, routeTo(input.route), input.body, headers);
        const expected =
          answer.status === 415
            ? { status: 415, codes: ['UNSUPPORTED_MEDIA_TYPE'] }
            : { status: 400, codes: ['INVALID_REQUEST', 'INVALID_JSON'] };
        const problem = problemWith(answer, null, expected);
        if (problem !== null) return problem;
        // An empty body reads as {} and is answered field by field; otherwise the answer says what to
        // change: the content type, the charset, the encoding, the JSON.
        if ((answer.body.issues ?? []).some((issue) => issue.path !== '(message)')) return null;
        const says = /Content-Type|charset|Content-Encoding|could not be read|not valid JSON/;
        return says.test(answer.body.message ?? '')
          ? null
          : `not said what to change: ${answer.body.message}`;
      },
    );
    expect(count).toBe(REST_FUZZ_RUNS.unreadableBody);
  });

  it('large refused bodies, up to the 1 MB limit: a short answer', async () => {
    const asBody = (input: LargeInput) => JSON.stringify(largeMessage(input));
    const underLimit = largeRefused.filter((input) => asBody(input).length < 1_000_000);
    const count = await property('large body', underLimit, REST_FUZZ_RUNS.largeBody, async (input) =>
      problemWith(await send('POST', '/api/users', asBody(input)), null),
    );
    expect(count).toBe(REST_FUZZ_RUNS.largeBody);
  });

  it('kept serving and stored nothing of the malformed requests', async () => {
    expect(runs.count).toBe(sum(REST_FUZZ_RUNS));
    // The agent protocol spec asserts its own share the same way: together they cannot fall below the minimum.
    expect(sum(REST_FUZZ_RUNS) + sum(AGENT_FUZZ_RUNS)).toBeGreaterThanOrEqual(MIN_FUZZ_INPUTS);
    expect(usersBefore.map((user) => user.username).sort()).toEqual(['admin', 'fuzz-target']);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    // Nothing failed inside the server: no error was logged.
    expect(server.logs).toEqual([]);
  });
});
