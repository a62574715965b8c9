/**
 * Integration: signed approval links. A channel that cannot call FleetMedic back (here the generic webhook)
 * gets an "Approve fix" link to `/approve/<token>` in the dashboard; the token names the incident and the
 * playbook and is checked by the API for a signed-in user. A tampered or expired link is refused, and
 * audited; the link approves nothing by itself.
 */
import type { AuditList, IncidentSummary } from '@fleetmedic/protocol';
import { type FixingAgent, fixingAgent } from '../testing/fixing-agent';
import { type SignedIn, signedIn } from '../testing/sign-in';
import { type TestServer, enroll, getJson, liveSocket, startTestServer } from '../testing/test-server';
import { createChannel } from '../notifications/testing/channels-client';
import { WebhookReceiver } from '../notifications/testing/webhook-receiver';
import { APPROVAL_LINK_TTL_MS, ApprovalLinksService } from './approval-links.service';

describe('approval links', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let agent: FixingAgent;
  let viewer: SignedIn;
  let incident: IncidentSummary;
  let token: string;

  beforeAll(async () => {
    server = await startTestServer({
      FLEETMEDIC_ALERT_ALLOW_HTTP: 'true',
      FLEETMEDIC_ALERT_ALLOWED_HOSTS: '127.0.0.1',
      FLEETMEDIC_ALERT_GROUP_WAIT_MS: '200',
      FLEETMEDIC_ALERT_REPEAT_INTERVAL_MS: '0',
      FLEETMEDIC_PUBLIC_URL: 'https://fleetmedic.example/',
    });
    receiver = await WebhookReceiver.start({ status: 204 });
    await createChannel(server, { type: 'webhook', webhookUrl: receiver.url('/hook'), signing: false });
    viewer = await signedIn(server, 'viewer', 'link-viewer');
    agent = await fixingAgent(server, await enroll(server, 'PC-LINK-1'), 'PC-LINK-1', 'hold');
    const live = await liveSocket(server);
    incident = await new Promise<IncidentSummary>((resolve) => {
      live.on('incident.updated', (summary) => summary.target === 'Spooler' && resolve(summary));
      void agent.reportSpooler(true);
    });
    live.close();
  });

  afterAll(async () => {
    await agent.close();
    await server.stop();
    await receiver.close();
  });

  const open = (value: string, headers = { authorization: `Bearer ${viewer.token}` }) =>
    getJson<{ code?: string; incidentId?: string; playbookId?: string; expiresAt?: string }>(
      server,
      `/api/approval-links/${value}`,
      headers,
    );

  it('puts a signed Approve fix link into the dashboard in messages of channels without callbacks', async () => {
    const [message] = await receiver.waitForAccepted(1);
    const actions = (message!.json as { actions: { id: string; label: string; url: string }[] }).actions;
    const approve = actions.find((action) => action.id === 'approve-fix')!;
    expect(approve.label).toBe('Approve fix');
    expect(approve.url).toMatch(/^https:\/\/fleetmedic\.example\/approve\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    token = approve.url.split('/approve/')[1]!;
  });

  it('opens the incident’s fix for a signed-in user, and only then', async () => {
    const before = Date.now();
    const opened = await open(token);
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ incidentId: incident.id, playbookId: 'spooler-rpc-internet' });
    const expires = Date.parse(opened.body.expiresAt!);
    expect(expires).toBeGreaterThan(before + APPROVAL_LINK_TTL_MS - 60_000);
    expect(expires).toBeLessThanOrEqual(before + APPROVAL_LINK_TTL_MS);
    // without a session the dashboard sends the person to sign in first
    expect((await open(token, {} as never)).status).toBe(401);
    // opening it started nothing
    const { body } = await getJson<{ rollouts: unknown[] }>(server, `/api/rollouts?incident=${incident.id}`);
    expect(body.rollouts).toEqual([]);
  });

  it('refuses a tampered link, and audits it', async () => {
    const [payload, mac] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { p: string };
    const forged = Buffer.from(JSON.stringify({ ...claims, p: 'reset-windows-update-components' })).toString(
      'base64url',
    );
    for (const tampered of [`${forged}.${mac}`, `${payload}.${mac.slice(0, -2)}AA`, `${payload}x.${mac}`]) {
      const answer = await open(tampered);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('APPROVAL_LINK_INVALID');
    }
    const events = (await getJson<AuditList>(server, '/api/audit?action=chat.approval.refused')).body.events;
    expect(events.filter((event) => event.detail.reason === 'link-invalid')).toHaveLength(3);
    expect(events[0]).toMatchObject({
      outcome: 'denied',
      actor: { name: 'link-viewer' },
      detail: { via: 'link' },
    });
  });

  it('refuses an expired link (older than 24 h), and audits it', async () => {
    const expired = server.app
      .get(ApprovalLinksService)
      .sign(incident.id, 'spooler-rpc-internet', Date.now() - APPROVAL_LINK_TTL_MS - 1_000);
    const answer = await open(expired);
    expect(answer.status).toBe(410);
    expect(answer.body.code).toBe('APPROVAL_LINK_EXPIRED');
    const events = (await getJson<AuditList>(server, '/api/audit?action=chat.approval.refused')).body.events;
    expect(events.filter((event) => event.detail.reason === 'link-expired')).toHaveLength(1);
  });
});
