/**
 * Integration: who may call what. Every REST route of the OpenAPI description × every role (by session
 * cookie and by API token) and no credentials: allowed exactly where docs/access-control.md says, 401 or 403
 * otherwise, and a refused change changes nothing. A route added without an entry in ACCESS fails the first
 * test. The API description itself needs sign-in too. Then every live event × role, and the refusals of
 * `/live`.
 */
import { randomUUID } from 'node:crypto';
import {
  PROTOCOL_VERSION,
  ROLES,
  type ApiError,
  type ApiTokenList,
  type AutoRuleList,
  type AutoRuleView,
  type AuditList,
  type Channel,
  type ChannelList,
  type ChatIdentity,
  type ChatIdentityList,
  type EnrollmentResponse,
  type IncidentSummary,
  type NotificationDelivery,
  type Role,
  type RolloutList,
  type RolloutView,
  type RotatedEnrollSecret,
  type UserList,
} from '@fleetmedic/protocol';
import { ApprovalLinksService } from '../chat/approval-links.service';
import { encryptFeishu } from '../chat/testing/feishu-requests';
import { blockActionsPayload, formBody, signSlack } from '../chat/testing/slack-requests';
import { newBatch, newHostFacts, newServiceObservation, uuidv7 } from '../testing/factories';
import {
  type SignedIn,
  TEST_PASSWORD,
  createToken,
  createUser,
  liveBySession,
  liveRefusal,
  login,
  signedIn,
} from '../testing/sign-in';
import {
  type TestAgentSocket,
  type TestLiveSocket,
  type TestServer,
  TEST_ENROLL_SECRET,
  adminHeaders,
  agentSocket,
  connectAgent,
  connected,
  enroll,
  getJson,
  liveSocket,
  startTestServer,
} from '../testing/test-server';

type Access = Role | 'public';

/** A webhook whose name never resolves (RFC 2606 reserves .invalid): test messages to it fail at once. */
const MATRIX_WEBHOOK = 'https://hooks.fleetmedic-matrix.invalid/services/T/B/X';
const MATRIX_SLACK_SECRET = 'matrix-slack-signing-secret';
const MATRIX_FEISHU_URL =
  'https://open.fleetmedic-matrix.invalid/open-apis/im/v1/messages?receive_id_type=chat_id';
const MATRIX_FEISHU_APP = {
  appId: 'cli_matrix0001',
  appSecret: 'matrix-feishu-app-secret',
  chatId: 'oc_matrix000000000001',
  verificationToken: 'matrix-verification-token',
  encryptKey: 'matrix-encrypt-key',
};

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
  'GET /api/playbooks': 'viewer',
  'GET /api/incidents/{id}/remediation-plan': 'viewer',
  'POST /api/incidents/{id}/approve': 'approver',
  'GET /api/rollouts': 'viewer',
  'GET /api/rollouts/{id}': 'viewer',
  'POST /api/rollouts/{id}/cancel': 'approver',
  'GET /api/jobs': 'viewer',
  'GET /api/auto-remediation-rules': 'viewer',
  'POST /api/auto-remediation-rules': 'approver',
  'DELETE /api/auto-remediation-rules/{id}': 'approver',
  'GET /api/channels': 'admin',
  'POST /api/channels': 'admin',
  'GET /api/channels/{id}': 'admin',
  'PATCH /api/channels/{id}': 'admin',
  'DELETE /api/channels/{id}': 'admin',
  'POST /api/channels/{id}/test': 'admin',
  'GET /api/channels/{id}/deliveries': 'admin',
  'POST /api/channels/{id}/deliveries/{deliveryId}/retry': 'admin',
  'GET /api/incidents/{id}/notifications': 'viewer',
  'GET /api/users/{id}/chat-identities': 'admin',
  'POST /api/users/{id}/chat-identities': 'admin',
  'DELETE /api/users/{id}/chat-identities/{identityId}': 'admin',
  'GET /api/auth/me/chat-identities': 'viewer',
  'GET /api/approval-links/{token}': 'viewer',
  // Public at the guard: the platform's signature over the raw body is the credential (a signed request here).
  'POST /api/chat/slack/interactions': 'public',
  'POST /api/chat/feishu/card-actions': 'public',
};

/** The API description, served beside the routes it describes (and so not among them): sign-in needed. */
const DOCS_ACCESS: Record<string, Access> = {
  'GET /api/docs': 'viewer',
  'GET /api/docs-json': 'viewer',
  'GET /api/docs-yaml': 'viewer',
};

interface Caller {
  label: string;
  role: Role | null;
  via: 'session' | 'token' | 'nobody';
  headers: Record<string, string>;
  person?: SignedIn;
}

/** A request a caller allowed to make it would see succeed, and how to tell afterwards whether it did. */
interface Attempt {
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Whether the change the request asks for took place (absent where it cannot be told apart). */
  changed?: () => Promise<boolean>;
  /** What a successful answer means for the fixtures (the enrollment secret after a rotation). */
  after?: (body: unknown) => void;
  /** A body sent as is (signed chat callbacks), instead of `body` as JSON. */
  raw?: { contentType: string; text: string };
}

/** What the server answered: refused by the guard (and how), let through, or something else. */
function verdict(status: number, code: string | undefined): string {
  if (status >= 200 && status < 300) return 'allowed';
  if (status === 401 && code === 'UNAUTHENTICATED') return '401';
  if (status === 403 && code === 'FORBIDDEN') return '403';
  if (status === 404) return '404';
  return `${status} ${code ?? ''}`;
}

function mayCall(access: Access, role: Role | null): boolean {
  return access === 'public' || (role !== null && ROLES.indexOf(role) >= ROLES.indexOf(access));
}

function expectedVerdict(access: Access, role: Role | null, allowed = 'allowed'): string {
  if (mayCall(access, role)) return allowed;
  return role === null ? '401' : '403';
}

describe('access matrix', () => {
  let server: TestServer;
  const people = new Map<Role, SignedIn>();
  const callers: Caller[] = [];
  /** The enrollment secret in force: the matrix rotates it, and follows. */
  let enrollSecret: string;
  /** A host with a failing check and the incident it opened: real targets for the read and ack rows. */
  let host: EnrollmentResponse;
  let incident: IncidentSummary;
  /** A rollout of that incident: the target of the rollout and job rows. */
  let rollout: RolloutView;
  let serial = 0;

  /** A fresh incident of its own service failing on a fresh host (incidents open on one host here). */
  async function openIncident(name: string): Promise<IncidentSummary> {
    const target = await enroll(server, `PC-${name}`, { enrollSecret });
    const watcher = await liveSocket(server);
    const opened = new Promise<IncidentSummary>((resolve) =>
      watcher.on('incident.updated', (summary) => {
        if (summary.target === name) resolve(summary);
      }),
    );
    const agent = await connectAgent(server, target);
    await reportFailing(agent, target, `PC-${name}`, name);
    const summary = await opened;
    watcher.close();
    agent.close();
    return summary;
  }

  async function approved(target: IncidentSummary): Promise<RolloutView> {
    const response = await fetch(`${server.url}/api/incidents/${target.id}/approve`, {
      method: 'POST',
      headers: { ...adminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({ playbookId: 'spooler-rpc-internet' }),
    });
    if (response.status !== 201)
      throw new Error(`approval failed: ${response.status} ${await response.text()}`);
    return (await response.json()) as RolloutView;
  }

  async function send(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: unknown,
    raw?: { contentType: string; text: string },
  ): Promise<{ status: number; code: string | undefined; body: unknown }> {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: raw
        ? { ...headers, 'content-type': raw.contentType }
        : { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(raw ? { body: raw.text } : body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const parsed: unknown = response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text;
    return { status: response.status, code: (parsed as Partial<ApiError>).code, body: parsed };
  }

  function enrollBody(hostname: string) {
    return { enrollSecret, hostname, agentVersion: '0.1.0-test', protocolVersion: PROTOCOL_VERSION };
  }

  async function chatIdentitiesOf(userId: string): Promise<ChatIdentity[]> {
    return (await getJson<ChatIdentityList>(server, `/api/users/${userId}/chat-identities`)).body.identities;
  }

  async function userExists(id: string): Promise<boolean> {
    const { body } = await getJson<UserList>(server, '/api/users');
    return body.users.some((user) => user.id === id);
  }

  async function tokenRevoked(id: string): Promise<boolean> {
    const { body } = await getJson<ApiTokenList>(server, '/api/tokens');
    return body.tokens.find((token) => token.id === id)?.revokedAt !== null;
  }

  async function agentRefused(enrollment: EnrollmentResponse): Promise<boolean> {
    const socket = agentSocket(server, {
      agentId: enrollment.agentId,
      token: enrollment.agentToken,
      protocolVersion: PROTOCOL_VERSION,
    });
    try {
      return await connected(socket).then(
        () => false,
        (error: Error & { data?: { code?: string } }) => error.data?.code === 'AGENT_REVOKED',
      );
    } finally {
      socket.close();
    }
  }

  async function channelNames(): Promise<string[]> {
    const { body } = await getJson<ChannelList>(server, '/api/channels');
    return body.channels.map((channel) => channel.name);
  }

  async function matrixChannel(name: string): Promise<Channel> {
    const { status, body } = await send('POST', '/api/channels', adminHeaders, {
      name,
      type: 'slack',
      webhookUrl: MATRIX_WEBHOOK,
    });
    if (status !== 201) throw new Error(`matrix channel: ${status} ${JSON.stringify(body)}`);
    return body as Channel;
  }

  async function retriedInAudit(deliveryId: string): Promise<boolean> {
    const { body } = await getJson<AuditList>(server, '/api/audit?action=channel.delivery_retried&limit=200');
    return body.events.some((event) => (event.detail as { delivery?: string }).delivery === deliveryId);
  }

  /**
   * The request for `route` by `caller`, on a real target wherever the route names one, so that an allowed
   * caller gets a 2xx. Changes use fresh targets (or repeat harmlessly), so rows do not depend on each other.
   */
  async function attemptFor(route: string, caller: Caller): Promise<Attempt> {
    const [, template = ''] = route.split(' ');
    serial += 1;
    const name = `matrix-${serial}`;
    const at = (id: string) => template.replace('{id}', id);
    switch (route) {
      case 'POST /api/agents/enroll':
        return { path: template, body: enrollBody(`PC-${name}`) };
      case 'POST /api/auth/login':
        return { path: template, body: { username: 'matrix-viewer', password: TEST_PASSWORD } };
      case 'POST /api/auth/logout': {
        if (caller.via !== 'session') return { path: template };
        // Signing out ends the session, so this row signs in afresh.
        const { cookie } = await login(server, caller.person!.user.username);
        return {
          path: template,
          headers: { cookie, origin: server.url },
          changed: async () => (await send('GET', '/api/auth/me', { cookie })).status === 401,
        };
      }
      case 'GET /api/hosts/{id}':
        return { path: at(host.agentId) };
      case 'GET /api/fleet/history':
        return { path: `${template}?minutes=5` };
      case 'GET /api/incidents/{id}':
      case 'POST /api/incidents/{id}/ack':
      case 'GET /api/incidents/{id}/remediation-plan':
        return { path: at(incident.id) };
      case 'POST /api/incidents/{id}/approve': {
        // Each approval on its own incident: one rollout runs per incident.
        const target = await openIncident(name);
        return {
          path: at(target.id),
          body: { playbookId: 'spooler-rpc-internet' },
          changed: async () =>
            (await getJson<RolloutList>(server, `/api/rollouts?incident=${target.id}`)).body.rollouts.length >
            0,
        };
      }
      case 'GET /api/rollouts/{id}':
        return { path: at(rollout.id) };
      case 'POST /api/rollouts/{id}/cancel': {
        const target = await approved(await openIncident(name));
        return {
          path: at(target.id),
          changed: async () =>
            (await getJson<RolloutView>(server, `/api/rollouts/${target.id}`)).body.status === 'cancelled',
        };
      }
      case 'GET /api/jobs':
        return { path: `${template}?incident=${rollout.incidentId}` };
      case 'POST /api/auto-remediation-rules':
        return {
          path: template,
          body: {
            fingerprint: `service:${name}:0x80070005`,
            playbookId: 'spooler-rpc-internet',
            maxHostsPerDay: 1,
          },
          changed: async () =>
            (await getJson<AutoRuleList>(server, '/api/auto-remediation-rules')).body.rules.some(
              (rule) => rule.fingerprint === `service:${name}:0x80070005`,
            ),
        };
      case 'DELETE /api/auto-remediation-rules/{id}': {
        const created = await fetch(`${server.url}/api/auto-remediation-rules`, {
          method: 'POST',
          headers: { ...adminHeaders, 'content-type': 'application/json' },
          body: JSON.stringify({
            fingerprint: `service:${name}:0x80070005`,
            playbookId: 'spooler-rpc-internet',
            maxHostsPerDay: 1,
          }),
        });
        const rule = (await created.json()) as AutoRuleView;
        return {
          path: at(rule.id),
          changed: async () =>
            !(await getJson<AutoRuleList>(server, '/api/auto-remediation-rules')).body.rules.some(
              (known) => known.id === rule.id,
            ),
        };
      }
      case 'POST /api/tokens':
        return {
          path: template,
          body: { name, role: 'viewer' },
          changed: async () =>
            (await getJson<ApiTokenList>(server, '/api/tokens')).body.tokens.some(
              (token) => token.name === name,
            ),
        };
      case 'DELETE /api/tokens/{id}': {
        // The caller's own token (any one for nobody): the one a viewer may revoke.
        const ownerHeaders = caller.person
          ? { authorization: `Bearer ${caller.person.token}` }
          : adminHeaders;
        const { token } = await createToken(server, ownerHeaders, `${name} disposable`, 'viewer');
        return { path: at(token.id), changed: () => tokenRevoked(token.id) };
      }
      case 'POST /api/users':
        return {
          path: template,
          body: { username: name, password: 'a-long-enough-password', role: 'viewer' },
          changed: async () =>
            (await getJson<UserList>(server, '/api/users')).body.users.some((user) => user.username === name),
        };
      case 'PATCH /api/users/{id}': {
        const target = await createUser(server, name, 'viewer');
        return {
          path: at(target.id),
          body: { role: 'operator' },
          changed: async () =>
            (await getJson<UserList>(server, '/api/users')).body.users.find((user) => user.id === target.id)
              ?.role === 'operator',
        };
      }
      case 'DELETE /api/users/{id}': {
        const target = await createUser(server, name, 'viewer');
        return { path: at(target.id), changed: async () => !(await userExists(target.id)) };
      }
      case 'POST /api/agents/{id}/revoke': {
        const target = await enroll(server, `PC-${name}`, { enrollSecret });
        return { path: at(target.agentId), changed: () => agentRefused(target) };
      }
      case 'POST /api/agents/enroll-secret/rotate':
        return {
          path: template,
          after: (body) => (enrollSecret = (body as RotatedEnrollSecret).enrollSecret),
        };
      case 'GET /api/incidents/{id}/notifications':
        return { path: at(incident.id) };
      case 'POST /api/channels':
        return {
          path: template,
          body: { name, type: 'slack', webhookUrl: MATRIX_WEBHOOK },
          changed: async () => (await channelNames()).includes(name),
        };
      case 'GET /api/channels/{id}':
      case 'POST /api/channels/{id}/test':
      case 'GET /api/channels/{id}/deliveries':
        return { path: at((await matrixChannel(name)).id) };
      case 'PATCH /api/channels/{id}': {
        const channel = await matrixChannel(name);
        return {
          path: at(channel.id),
          body: { name: `${name} renamed` },
          changed: async () => (await channelNames()).includes(`${name} renamed`),
        };
      }
      case 'DELETE /api/channels/{id}': {
        const channel = await matrixChannel(name);
        return { path: at(channel.id), changed: async () => !(await channelNames()).includes(name) };
      }
      case 'POST /api/channels/{id}/deliveries/{deliveryId}/retry': {
        // A dead letter of its own: the matrix server gives up after one attempt, and the name never resolves.
        const channel = await matrixChannel(name);
        const delivery = (await send('POST', `/api/channels/${channel.id}/test`, adminHeaders))
          .body as NotificationDelivery;
        return {
          path: at(channel.id).replace('{deliveryId}', delivery.id),
          changed: async () => retriedInAudit(delivery.id),
        };
      }
      case 'GET /api/users/{id}/chat-identities':
        return { path: at(people.get('admin')!.user.id) };
      case 'POST /api/users/{id}/chat-identities': {
        const target = await createUser(server, name, 'viewer');
        return {
          path: at(target.id),
          body: { platform: 'slack', userId: `U0${name.replace('-', '').toUpperCase()}`, teamId: 'T0MATRIX' },
          changed: async () => (await chatIdentitiesOf(target.id)).length > 0,
        };
      }
      case 'DELETE /api/users/{id}/chat-identities/{identityId}': {
        const target = await createUser(server, name, 'viewer');
        const linked = await send('POST', `/api/users/${target.id}/chat-identities`, adminHeaders, {
          platform: 'feishu',
          openId: `ou_${name.replace('-', '')}abcdef`,
        });
        return {
          path: at(target.id).replace('{identityId}', (linked.body as ChatIdentity).id),
          changed: async () => (await chatIdentitiesOf(target.id)).length === 0,
        };
      }
      case 'GET /api/approval-links/{token}':
        return {
          path: template.replace(
            '{token}',
            server.app.get(ApprovalLinksService).sign(incident.id, 'spooler-rpc-internet'),
          ),
        };
      case 'POST /api/chat/slack/interactions': {
        // A link button pressed: acknowledged, and nothing else happens.
        const text = formBody(
          blockActionsPayload({
            memberId: 'U0MATRIX',
            teamId: 'T0MATRIX',
            actionId: 'open-incident',
            value: name,
            responseUrl: 'https://hooks.slack.com/actions/T0MATRIX/1/x',
          }),
        );
        const timestamp = Math.floor(Date.now() / 1000);
        return {
          path: template,
          headers: {
            ...headersOf(caller, 'POST'),
            'x-slack-request-timestamp': String(timestamp),
            'x-slack-signature': signSlack(MATRIX_SLACK_SECRET, timestamp, text),
          },
          raw: { contentType: 'application/x-www-form-urlencoded', text },
        };
      }
      case 'POST /api/chat/feishu/card-actions':
        // The url_verification challenge, encrypted with the app's key.
        return {
          path: template,
          raw: {
            contentType: 'application/json',
            text: JSON.stringify({
              encrypt: encryptFeishu(
                { challenge: name, token: MATRIX_FEISHU_APP.verificationToken, type: 'url_verification' },
                MATRIX_FEISHU_APP.encryptKey,
              ),
            }),
          },
        };
      default:
        if (template.includes('{'))
          throw new Error(`${route}: give the matrix a real target for it in attemptFor`);
        return { path: template };
    }
  }

  /** Sessions change things only from the dashboard's own origin, as a browser sends it. */
  function headersOf(caller: Caller, method: string): Record<string, string> {
    return caller.via === 'session' && method !== 'GET'
      ? { ...caller.headers, origin: server.url }
      : caller.headers;
  }

  beforeAll(async () => {
    server = await startTestServer({
      FLEETMEDIC_FLEET_SAMPLE_INTERVAL_MS: '200',
      FLEETMEDIC_INCIDENT_MIN_HOSTS: '1',
      // one failed attempt makes a dead letter, for the retry route's row
      FLEETMEDIC_ALERT_MAX_ATTEMPTS: '1',
      // the matrix's webhooks lead nowhere: attempts still under way at the end must not hold the shutdown
      FLEETMEDIC_ALERT_TIMEOUT_MS: '1000',
    });
    enrollSecret = TEST_ENROLL_SECRET;
    for (const role of ROLES) people.set(role, await signedIn(server, role, `matrix-${role}`));
    callers.push({ label: 'nobody', role: null, via: 'nobody', headers: {} });
    for (const role of ROLES) {
      const person = people.get(role)!;
      callers.push({
        label: `${role} (session)`,
        role,
        via: 'session',
        headers: { cookie: person.cookie },
        person,
      });
      callers.push({
        label: `${role} (token)`,
        role,
        via: 'token',
        headers: { authorization: `Bearer ${person.token}` },
        person,
      });
    }

    // A host whose print spooler fails with 87: it has a check, and an incident opens.
    host = await enroll(server, 'PC-MATRIX', { enrollSecret });
    const watcher = await liveSocket(server);
    const opened = new Promise<IncidentSummary>((resolve) => watcher.once('incident.updated', resolve));
    const agent = await connectAgent(server, host);
    await reportFailingSpooler(agent, host, 'PC-MATRIX');
    incident = await opened;
    watcher.close();
    agent.close();
    rollout = await approved(await openIncident('MatrixRollout'));
    // Channels whose secrets verify the chat platforms' callbacks (disabled: they need not send anything).
    for (const channel of [
      {
        name: 'matrix slack app',
        type: 'slack',
        enabled: false,
        webhookUrl: MATRIX_WEBHOOK,
        slackSigningSecret: MATRIX_SLACK_SECRET,
      },
      {
        name: 'matrix feishu app',
        type: 'feishu',
        enabled: false,
        webhookUrl: MATRIX_FEISHU_URL,
        feishuApp: MATRIX_FEISHU_APP,
      },
    ]) {
      const created = await send('POST', '/api/channels', adminHeaders, channel);
      if (created.status !== 201) throw new Error(`matrix channel: ${JSON.stringify(created.body)}`);
    }
  });

  afterAll(async () => {
    await server.stop();
  });

  it('has a decision for every route of the API description, and no decision for a route that is gone', async () => {
    const { body } = await getJson<{ paths: Record<string, Record<string, Record<string, unknown>>> }>(
      server,
      '/api/docs-json',
    );
    const described = Object.entries(body.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        role: operation['x-fleetmedic-role'],
      })),
    );
    expect(described.map(({ route }) => route).sort()).toEqual(Object.keys(ACCESS).sort());
    // What the description tells its readers is what the table (and so the guard) decides.
    expect(Object.fromEntries(described.map(({ route, role }) => [route, role]))).toEqual(ACCESS);
  });

  /** One cell of the matrix: what `caller` got from `route`, and what the table says it should get. */
  async function tryRoute(
    route: string,
    access: Access,
    caller: Caller,
  ): Promise<{ actual: string; wanted: string }> {
    const [method = 'GET'] = route.split(' ');
    const attempt = await attemptFor(route, caller);
    const result = await send(
      method,
      attempt.path,
      attempt.headers ?? headersOf(caller, method),
      attempt.body,
      attempt.raw,
    );
    if (result.status < 300) attempt.after?.(result.body);
    const allowed = mayCall(access, caller.role);
    const effect = (changed: boolean) => (attempt.changed ? ` (${changed ? 'changed' : 'unchanged'})` : '');
    return {
      actual: `${route} as ${caller.label}: ${verdict(result.status, result.code)}${effect(
        (await attempt.changed?.()) ?? false,
      )}`,
      wanted: `${route} as ${caller.label}: ${expectedVerdict(access, caller.role)}${effect(allowed)}`,
    };
  }

  /** Rotations must land in the order their answers arrive, for the matrix to know the secret in force. */
  const ONE_CALLER_AT_A_TIME = new Set(['POST /api/agents/enroll-secret/rotate']);

  it('lets each route through exactly for the roles the table names, by session and by token, and a refused change changes nothing', async () => {
    const cells: { actual: string; wanted: string }[] = [];
    for (const [route, access] of Object.entries(ACCESS)) {
      // Callers of one route go at once (each on its own target): password hashing then runs in parallel.
      if (ONE_CALLER_AT_A_TIME.has(route))
        for (const caller of callers) cells.push(await tryRoute(route, access, caller));
      else cells.push(...(await Promise.all(callers.map((caller) => tryRoute(route, access, caller)))));
    }
    expect(cells.map((cell) => cell.actual)).toEqual(cells.map((cell) => cell.wanted));
  }, 60_000);

  it('answers a made-up id with 404 only to those who may call the route: nobody learns what exists', async () => {
    const actual: string[] = [];
    const wanted: string[] = [];
    for (const [route, access] of Object.entries(ACCESS).filter(([route]) => route.includes('{id}'))) {
      const [method = 'GET', template = ''] = route.split(' ');
      const body =
        method === 'PATCH'
          ? route.startsWith('PATCH /api/channels/')
            ? { name: 'renamed' }
            : { role: 'operator' }
          : route.endsWith('/approve')
            ? {}
            : route === 'POST /api/users/{id}/chat-identities'
              ? { platform: 'slack', userId: 'U0MADEUP', teamId: 'T0MADEUP' }
              : undefined;
      for (const caller of callers) {
        const result = await send(
          method,
          template.replace(/\{\w+\}/g, () => randomUUID()),
          headersOf(caller, method),
          body,
        );
        actual.push(`${route} as ${caller.label}: ${verdict(result.status, result.code)}`);
        wanted.push(`${route} as ${caller.label}: ${expectedVerdict(access, caller.role, '404')}`);
      }
    }
    expect(actual).toEqual(wanted);
  });

  it('shows the API description (UI, JSON and YAML) only to someone signed in', async () => {
    const actual: string[] = [];
    const wanted: string[] = [];
    for (const [route, access] of Object.entries(DOCS_ACCESS)) {
      const [, path = ''] = route.split(' ');
      for (const caller of callers) {
        const result = await send('GET', path, caller.headers);
        actual.push(`${route} as ${caller.label}: ${verdict(result.status, result.code)}`);
        wanted.push(`${route} as ${caller.label}: ${expectedVerdict(access, caller.role)}`);
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
      const result = await send('GET', '/api/hosts', headers);
      expect([headers, verdict(result.status, result.code)]).toEqual([headers, '401']);
    }
  });

  it('delivers every live event to every role, by session and by token', async () => {
    const sockets: { label: string; socket: TestLiveSocket }[] = [];
    for (const role of ROLES) {
      const person = people.get(role)!;
      sockets.push({ label: `${role} (session)`, socket: await liveBySession(server, person.cookie) });
      sockets.push({ label: `${role} (token)`, socket: await liveSocket(server, person.token) });
    }
    const events = [
      'fleet.sample',
      'host.updated',
      'incident.updated',
      'rollout.updated',
      'job.updated',
    ] as const;
    const received = new Map<string, Set<string>>(sockets.map(({ label }) => [label, new Set<string>()]));
    let everyoneHasAll!: () => void;
    const allReceived = new Promise<void>((resolve) => (everyoneHasAll = resolve));
    for (const { label, socket } of sockets)
      for (const event of events)
        socket.on(event, () => {
          received.get(label)!.add(event);
          if ([...received.values()].every((seen) => seen.size === events.length)) everyoneHasAll();
        });

    // A new host comes online (host.updated) and fails the way case A does: an incident opens (incident.updated).
    const enrollment = await enroll(server, 'PC-LIVE', { enrollSecret });
    const agent = await connectAgent(server, enrollment);
    await reportFailingSpooler(agent, enrollment, 'PC-LIVE');
    // An approval starts a rollout (rollout.updated) of jobs (job.updated).
    await approved(await openIncident('MatrixLive'));
    await allReceived;
    agent.close();
    for (const { socket } of sockets) socket.close();
    expect(Object.fromEntries([...received].map(([label, seen]) => [label, [...seen].sort()]))).toEqual(
      Object.fromEntries(sockets.map(({ label }) => [label, [...events].sort()])),
    );
  });

  it('refuses /live without credentials, with a revoked token, a logged-out session or made-up ones', async () => {
    const viewer = people.get('viewer')!;
    const revoked = await createToken(server, { authorization: `Bearer ${viewer.token}` }, 'soon revoked');
    expect((await send('DELETE', `/api/tokens/${revoked.token.id}`, adminHeaders)).status).toBe(200);
    const { cookie: loggedOut } = await login(server, viewer.user.username);
    expect((await send('POST', '/api/auth/logout', { cookie: loggedOut, origin: server.url })).status).toBe(
      204,
    );

    const attempts = {
      nothing: {},
      'a revoked token': { auth: { token: revoked.value } },
      'a logged-out session': { extraHeaders: { cookie: loggedOut, origin: server.url } },
      'a wrong token': { auth: { token: 'fmt_wrong' } },
      'a made-up session': { extraHeaders: { cookie: 'fleetmedic_session=made-up', origin: server.url } },
    };
    const refusals: Record<string, string | undefined> = {};
    for (const [label, options] of Object.entries(attempts))
      refusals[label] = await liveRefusal(server, options);
    expect(refusals).toEqual(
      Object.fromEntries(Object.keys(attempts).map((label) => [label, 'UNAUTHENTICATED'])),
    );
    // The same viewer's working credentials do open it: the refusals above are about the credentials.
    expect(await liveRefusal(server, { auth: { token: viewer.token } })).toBe('connected');
  });
});

async function reportFailingSpooler(
  agent: TestAgentSocket,
  enrollment: EnrollmentResponse,
  hostname: string,
): Promise<void> {
  await reportFailing(agent, enrollment, hostname, 'Spooler');
}

async function reportFailing(
  agent: TestAgentSocket,
  enrollment: EnrollmentResponse,
  hostname: string,
  service: string,
): Promise<void> {
  await agent.emitWithAck('hello', {
    agentVersion: '0.1.0-test',
    facts: newHostFacts({ hostname }),
    sentAt: new Date().toISOString(),
  });
  const ack = await agent.emitWithAck(
    'observations',
    newBatch([
      newServiceObservation(enrollment.agentId, {
        id: uuidv7(),
        target: service,
        status: 'failing',
        code: '0x80070057',
        codeOriginal: '87',
        evidence: ['The Print Spooler service terminated with the following error: %%87'],
      }),
    ]),
  );
  if (!ack.ok) throw new Error(`the observation was refused: ${JSON.stringify(ack)}`);
}
