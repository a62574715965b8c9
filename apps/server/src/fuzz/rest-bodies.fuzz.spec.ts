/**
 * Property-based fuzzing of the REST bodies and query strings against the real server: each malformed
 * request answered 400 with the parameter or field at fault named, nothing stored, the server still serving.
 * Failure limits are lifted for this server: the fuzz is one address sending thousands of bad requests.
 */
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
import { createUser } from '../testing/sign-in';
import {
  type TestServer,
  TEST_ENROLL_SECRET,
  adminHeaders,
  getJson,
  startTestServer,
} from '../testing/test-server';
import { type Mutation, anyRefusedJson, brokenInOnePlace, runs } from './malformed';

const SEED = 20261204;

/** What is wrong with an answer to a bad request, or null when it is a clear 400. */
function problemWith(status: number, body: Partial<ApiError>, mutation: Mutation | null): string | null {
  if (status !== 400) return `status ${status}: ${JSON.stringify(body).slice(0, 200)}`;
  if (body.code !== 'INVALID_REQUEST' && body.code !== 'INVALID_JSON') return `code ${body.code}`;
  if (!body.message || body.message.length < 10) return `vague message: ${body.message}`;
  if (body.code === 'INVALID_JSON' || mutation === null) return null;
  const issues = body.issues ?? [];
  if (issues.length === 0) return `no issues in ${body.message}`;
  const related = issues.some(
    (issue) => mutation.path.startsWith(issue.path) || issue.path.startsWith(mutation.path),
  );
  return related ? null : `broke ${mutation.path}, told ${issues.map((issue) => issue.path).join(', ')}`;
}

// Thousands of requests per test: far beyond jest's 5 s default on a loaded machine.
jest.setTimeout(120_000);

describe('REST bodies under malformed input', () => {
  let server: TestServer;
  let target: User;

  beforeAll(async () => {
    server = await startTestServer({
      LOG_LEVEL: 'error',
      FLEETMEDIC_LOGIN_MAX_FAILURES: '1000000',
      FLEETMEDIC_ENROLL_MAX_FAILURES: '1000000',
    });
    target = await createUser(server, 'fuzz-target', 'viewer');
  });

  afterAll(async () => {
    await server.stop();
  });

  async function send(
    method: string,
    route: string,
    body: string | undefined,
    headers: Record<string, string> = adminHeaders,
  ) {
    const response = await fetch(`${server.url}${route}`, {
      method,
      headers: { ...headers, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: Partial<ApiError> = {};
    try {
      parsed = JSON.parse(text) as Partial<ApiError>;
    } catch {
      // not JSON: problemWith reports the status and an empty body
    }
    return { status: response.status, body: parsed };
  }

  const bodies = async (
    label: string,
    method: string,
    route: string,
    valid: unknown,
    schema: Parameters<typeof brokenInOnePlace>[1],
    numRuns: number,
    headers?: Record<string, string>,
  ): Promise<number> => {
    const before = runs.count;
    await fc.assert(
      fc.asyncProperty(brokenInOnePlace(valid, schema), async (mutation) => {
        runs.count += 1;
        const { status, body } = await send(
          method,
          route,
          JSON.stringify(mutation.message) ?? 'null',
          headers,
        );
        const problem = problemWith(status, body, mutation);
        if (problem !== null) throw new Error(`${label}: ${problem}`);
      }),
      { seed: SEED, numRuns, endOnFailure: true },
    );
    await fc.assert(
      fc.asyncProperty(anyRefusedJson(schema), async (value) => {
        runs.count += 1;
        const { status, body } = await send(method, route, JSON.stringify(value), headers);
        const problem = problemWith(status, body, null);
        if (problem !== null) throw new Error(`${label} (any JSON): ${problem}`);
      }),
      { seed: SEED, numRuns: Math.ceil(numRuns / 4), endOnFailure: true },
    );
    return runs.count - before;
  };

  it('login: 1,000 malformed bodies', async () => {
    const valid = { username: 'admin', password: 'a-password-123' };
    expect(await bodies('login', 'POST', '/api/auth/login', valid, loginRequestSchema, 800, {})).toBe(1000);
  });

  it('users: 1,750 malformed bodies to create or change one', async () => {
    const create = { username: 'fuzz-new', password: 'a-long-enough-password', role: 'operator' };
    const update = { role: 'operator', disabled: false };
    expect(await bodies('create user', 'POST', '/api/users', create, createUserRequestSchema, 800)).toBe(
      1000,
    );
    const route = `/api/users/${target.id}`;
    expect(await bodies('update user', 'PATCH', route, update, updateUserRequestSchema, 600)).toBe(750);
  });

  it('tokens and enrollment: 1,750 malformed bodies', async () => {
    const token = { name: 'fuzz', role: 'viewer', expiresInDays: 30 };
    expect(await bodies('token', 'POST', '/api/tokens', token, createApiTokenRequestSchema, 600)).toBe(750);
    const enrollment = {
      enrollSecret: TEST_ENROLL_SECRET,
      hostname: 'PC-FUZZ',
      agentVersion: '0.1.0',
      protocolVersion: 1,
      machineId: 'm-1',
    };
    const route = '/api/agents/enroll';
    expect(await bodies('enroll', 'POST', route, enrollment, enrollmentRequestSchema, 800, {})).toBe(1000);
  });

  it('query strings: 1,000 malformed', async () => {
    const before = runs.count;
    const queryValue = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer().map(String),
      fc.constant('-1'),
      fc.constant('1e3'),
    );
    const incidentQuery = fc
      .record({ status: queryValue })
      .filter((query) => !incidentListQuerySchema.safeParse(query).success);
    await fc.assert(
      fc.asyncProperty(incidentQuery, async (query) => {
        runs.count += 1;
        const { status, body } = await send(
          'GET',
          `/api/incidents?${new URLSearchParams(query).toString()}`,
          undefined,
        );
        const problem = problemWith(status, body, { path: 'status', value: query.status });
        if (problem !== null) throw new Error(`incidents query: ${problem}`);
      }),
      { seed: SEED, numRuns: 500, endOnFailure: true },
    );
    const auditQuery = fc
      .record({ limit: queryValue, before: queryValue, action: queryValue }, { requiredKeys: [] })
      .filter((query) => !auditQuerySchema.safeParse(query).success);
    await fc.assert(
      fc.asyncProperty(auditQuery, async (query) => {
        runs.count += 1;
        const { status, body } = await send(
          'GET',
          `/api/audit?${new URLSearchParams(query).toString()}`,
          undefined,
        );
        const problem = problemWith(status, body, null);
        if (problem !== null) throw new Error(`audit query: ${problem}`);
        const named = (body.issues ?? []).every((issue) =>
          ['limit', 'before', 'action'].includes(issue.path),
        );
        if (!named) throw new Error(`audit query: issues ${JSON.stringify(body.issues)}`);
      }),
      { seed: SEED, numRuns: 500, endOnFailure: true },
    );
    expect(runs.count - before).toBe(1000);
  });

  it('bodies that are not JSON at all: 800', async () => {
    const before = runs.count;
    const notJson = fc.string({ minLength: 1, maxLength: 200 }).filter((text) => {
      try {
        JSON.parse(text);
        return false;
      } catch {
        return true;
      }
    });
    await fc.assert(
      fc.asyncProperty(
        notJson,
        fc.constantFrom('/api/users', '/api/tokens', '/api/auth/login', '/api/agents/enroll'),
        async (text, route) => {
          runs.count += 1;
          const { status, body } = await send(
            'POST',
            route,
            text,
            route.startsWith('/api/auth') || route.includes('enroll') ? {} : adminHeaders,
          );
          const problem = problemWith(status, body, null);
          if (problem !== null) throw new Error(`not JSON to ${route}: ${problem}`);
        },
      ),
      { seed: SEED, numRuns: 800, endOnFailure: true },
    );
    expect(runs.count - before).toBe(800);
  });

  it('stored nothing and kept serving after 6,300 malformed requests', async () => {
    // With the agent protocol's 8,300 (agent-protocol.fuzz.spec.ts): 14,600 malformed inputs in all.
    expect(runs.count).toBe(6300);
    const users = (await getJson<UserList>(server, '/api/users')).body.users;
    expect(users.map((user) => user.username).sort()).toEqual(['admin', 'fuzz-target']);
    expect(users.find((user) => user.id === target.id)).toMatchObject({ role: 'viewer', disabled: false });
    const tokens = (await getJson<ApiTokenList>(server, '/api/tokens')).body.tokens;
    expect(tokens.map((token) => token.name)).toEqual(['FLEETMEDIC_BOOTSTRAP_TOKEN']);
    expect((await getJson<HostList>(server, '/api/hosts')).body.hosts).toEqual([]);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
  });
});
