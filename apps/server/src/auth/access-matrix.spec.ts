/**
 * Integration: who may call what. Every REST route of the OpenAPI description × every role (by session
 * cookie and by API token) and no credentials: allowed exactly where docs/access-control.md says, 401 or 403
 * otherwise. A route added without an entry in ACCESS fails the first test. Then every live event × role.
 */
import { randomUUID } from 'node:crypto';
import { ROLES, type ApiError, type EnrollmentResponse, type Role } from '@fleetmedic/protocol';
import { newBatch, newHostFacts, newServiceObservation, uuidv7 } from '../testing/factories';
import { type SignedIn, login, signedIn } from '../testing/sign-in';
import {
  type TestServer,
  adminHeaders,
  connectAgent,
  connected,
  enroll,
  getJson,
  liveSocket,
  startTestServer,
} from '../testing/test-server';
import { LIVE_NAMESPACE } from '@fleetmedic/protocol';
import { io } from 'socket.io-client';

type Access = Role | 'public';

/** The least role of every route: the same table as docs/access-control.md. */
const ACCESS: Record<string, Access> = {
  'GET /api/health': 'public',
  'POST /api/agents/enroll': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'viewer',
  'GET /api/auth/me': 'viewer',
  'GET /api/hosts': 'viewer',
  'GET /api/hosts/{id}': 'viewer',
  'GET /api/fleet/history': 'viewer',
  'GET /api/incidents': 'viewer',
  'GET /api/incidents/{id}': 'viewer',
  'POST /api/incidents/{id}/ack': 'operator',
  'GET /api/known-issues': 'viewer',
  'GET /api/tokens': 'viewer',
  'POST /api/tokens': 'viewer',
  'DELETE /api/tokens/{id}': 'viewer',
  'GET /api/audit': 'approver',
  'GET /api/users': 'admin',
  'POST /api/users': 'admin',
  'PATCH /api/users/{id}': 'admin',
  'DELETE /api/users/{id}': 'admin',
  'POST /api/agents/{id}/revoke': 'admin',
  'POST /api/agents/enroll-secret/rotate': 'admin',
};

let counter = 0;

/**
 * A request for each route that the route would accept from a caller allowed to make it, changing nothing
 * that other rows depend on: unknown ids answer 404, bodies are fresh or deliberately incomplete (400).
 */
function requestFor(route: string): { path: string; body?: unknown } {
  const [, path = ''] = route.split(' ');
  counter += 1;
  switch (route) {
    case 'POST /api/agents/enroll':
    case 'POST /api/auth/login':
      return { path, body: {} };
    case 'POST /api/tokens':
      return { path, body: { name: `matrix ${counter}`, role: 'viewer' } };
    case 'POST /api/users':
      return {
        path,
        body: { username: `matrix-${counter}`, password: 'a-long-enough-password', role: 'viewer' },
      };
    case 'PATCH /api/users/{id}':
      return { path: path.replace('{id}', randomUUID()), body: { disabled: true } };
    case 'GET /api/fleet/history':
      return { path: `${path}?minutes=5` };
    default:
      return { path: path.replace('{id}', randomUUID()) };
  }
}

interface Caller {
  label: string;
  role: Role | null;
  headers: () => Promise<Record<string, string>>;
}

async function call(server: TestServer, route: string, headers: Record<string, string>) {
  const [method = 'GET'] = route.split(' ');
  const { path, body } = requestFor(route);
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const error = (text.startsWith('{') ? JSON.parse(text) : {}) as Partial<ApiError>;
  return { status: response.status, code: error.code };
}

/** What the guard answered: refused (and how) or let through to the route. */
function verdict(result: { status: number; code?: string | undefined }): string {
  if (result.status === 401 && result.code === 'UNAUTHENTICATED') return '401';
  if (result.status === 403 && result.code === 'FORBIDDEN') return '403';
  if (result.status >= 500) return `failed ${result.status}`;
  return 'allowed';
}

function expected(access: Access, role: Role | null): string {
  if (access === 'public') return 'allowed';
  if (role === null) return '401';
  return ROLES.indexOf(role) >= ROLES.indexOf(access) ? 'allowed' : '403';
}

describe('access matrix', () => {
  let server: TestServer;
  const people = new Map<Role, SignedIn>();
  /** Enrolled first: the matrix rotates the enrollment secret, which stops new enrollments with the old one. */
  let liveHost: EnrollmentResponse;

  beforeAll(async () => {
    server = await startTestServer({ FLEETMEDIC_FLEET_SAMPLE_INTERVAL_MS: '200' });
    for (const role of ROLES) people.set(role, await signedIn(server, role, `matrix-${role}`));
    liveHost = await enroll(server, 'PC-LIVE');
  });

  afterAll(async () => {
    await server.stop();
  });

  it('has a decision for every route of the API description, and no decision for a route that is gone', async () => {
    const { body } = await getJson<{ paths: Record<string, Record<string, unknown>> }>(
      server,
      '/api/docs-json',
    );
    const routes = Object.entries(body.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(Object.keys(ACCESS).sort());
    for (const [path, operations] of Object.entries(body.paths))
      for (const [method, operation] of Object.entries(operations))
        expect([
          `${method.toUpperCase()} ${path}`,
          (operation as Record<string, unknown>)['x-fleetmedic-role'],
        ]).toEqual([`${method.toUpperCase()} ${path}`, ACCESS[`${method.toUpperCase()} ${path}`]]);
  });

  it('allows each route exactly to the roles the table names, by session and by token', async () => {
    const callers: Caller[] = [{ label: 'nobody', role: null, headers: () => Promise.resolve({}) }];
    for (const role of ROLES) {
      const person = people.get(role)!;
      // Signing out ends the session, so the logout row signs in afresh each time.
      callers.push({
        label: `${role} (session)`,
        role,
        headers: async () => ({ cookie: (await login(server, person.user.username)).cookie }),
      });
      callers.push({
        label: `${role} (token)`,
        role,
        headers: () => Promise.resolve({ authorization: `Bearer ${person.token}` }),
      });
    }
    const sessionHeaders = new Map<string, Record<string, string>>();
    const actual: string[] = [];
    const wanted: string[] = [];
    for (const [route, access] of Object.entries(ACCESS)) {
      for (const caller of callers) {
        const reuse = route !== 'POST /api/auth/logout' && caller.label.endsWith('(session)');
        let headers = reuse ? sessionHeaders.get(caller.label) : undefined;
        if (!headers) {
          headers = await caller.headers();
          if (reuse) sessionHeaders.set(caller.label, headers);
        }
        const result = await call(server, route, headers);
        actual.push(`${route} as ${caller.label}: ${verdict(result)}`);
        wanted.push(`${route} as ${caller.label}: ${expected(access, caller.role)}`);
      }
    }
    expect(actual).toEqual(wanted);
  });

  it('refuses a wrong token and a made-up session as unauthenticated', async () => {
    const attempts: Record<string, string>[] = [
      { authorization: 'Bearer fmt_not-a-real-token' },
      { cookie: 'fleetmedic_session=made-up' },
      { authorization: 'Basic YWRtaW46YWRtaW4=' },
    ];
    for (const headers of attempts) {
      const result = await call(server, 'GET /api/hosts', headers);
      expect(verdict(result)).toBe('401');
    }
  });

  it('delivers every live event to every role, by session and by token', async () => {
    const sockets = [];
    for (const role of ROLES) {
      const person = people.get(role)!;
      const bySession = io(`${server.url}${LIVE_NAMESPACE}`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        extraHeaders: { cookie: (await login(server, person.user.username)).cookie },
      });
      await connected(bySession);
      sockets.push({ label: `${role} (session)`, socket: bySession });
      sockets.push({ label: `${role} (token)`, socket: await liveSocket(server, person.token) });
    }
    const received = new Map<string, Set<string>>();
    let everyoneHasAll!: () => void;
    const allReceived = new Promise<void>((resolve) => (everyoneHasAll = resolve));
    for (const { label, socket } of sockets) {
      received.set(label, new Set());
      for (const event of ['host.updated', 'fleet.sample', 'incident.updated'] as const)
        socket.on(event, () => {
          received.get(label)!.add(event);
          if ([...received.values()].every((events) => events.size === 3)) everyoneHasAll();
        });
    }

    // A host comes online (host.updated) and fails the way case A does, which opens an incident (incident.updated).
    const enrollment = liveHost;
    const agent = await connectAgent(server, enrollment);
    await agent.emitWithAck('hello', {
      agentVersion: '0.1.0-test',
      facts: newHostFacts({ hostname: 'PC-LIVE' }),
      sentAt: new Date().toISOString(),
    });
    await agent.emitWithAck(
      'observations',
      newBatch([
        newServiceObservation(enrollment.agentId, {
          id: uuidv7(),
          status: 'failing',
          code: '0x80070057',
          codeOriginal: '87',
          evidence: ['The Print Spooler service terminated with the following error: %%87'],
        }),
      ]),
    );
    await allReceived;
    expect(Object.fromEntries([...received].map(([label, events]) => [label, [...events].sort()]))).toEqual(
      Object.fromEntries(
        sockets.map(({ label }) => [label, ['fleet.sample', 'host.updated', 'incident.updated']]),
      ),
    );
    agent.close();
    for (const { socket } of sockets) socket.close();
  });

  it('refuses /live without credentials or with credentials that do not work', async () => {
    const attempts = [
      { label: 'nothing', options: {} },
      { label: 'a wrong token', options: { auth: { token: 'fmt_wrong' } } },
      { label: 'a made-up session', options: { extraHeaders: { cookie: 'fleetmedic_session=made-up' } } },
    ];
    for (const { label, options } of attempts) {
      const socket = io(`${server.url}${LIVE_NAMESPACE}`, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        ...options,
      });
      const refusal = await connected(socket).then(
        () => 'connected',
        (error: Error & { data?: { code?: string } }) => error.data?.code,
      );
      socket.close();
      expect([label, refusal]).toEqual([label, 'UNAUTHENTICATED']);
    }
    // The bootstrap token is an ordinary admin token: it works.
    const admin = await liveSocket(server);
    admin.close();
    expect(adminHeaders.authorization).toMatch(/^Bearer /);
  });
});
