/**
 * Integration: remediation news reaches chat through the remediation module's own events. An approver
 * approves the fix of a case A incident; the channel hears that the fix started (while the canary holds its
 * job), that it finished, and that the incident resolved, each once.
 */
import type { IncidentSummary } from '@fleetmedic/protocol';
import { type FixingAgent, fixingAgent } from '../testing/fixing-agent';
import { type SignedIn, signedIn } from '../testing/sign-in';
import { type TestServer, enroll, liveSocket, startTestServer } from '../testing/test-server';
import { callApi, createChannel } from './testing/channels-client';
import { WebhookReceiver } from './testing/webhook-receiver';

interface Message {
  kind: string;
  title: string;
  remediation: { stage: string; outcome: string | null; approvedBy: string } | null;
}

describe('remediation news in chat', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  let approver: SignedIn;
  const agents: FixingAgent[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      FLEETMEDIC_ALERT_ALLOW_HTTP: 'true',
      FLEETMEDIC_ALERT_ALLOWED_HOSTS: '127.0.0.1',
      FLEETMEDIC_ALERT_GROUP_WAIT_MS: '200',
      FLEETMEDIC_ALERT_GROUP_INTERVAL_MS: '300',
      FLEETMEDIC_ALERT_REPEAT_INTERVAL_MS: '0',
      FLEETMEDIC_INCIDENT_SETTLE_MS: '300',
    });
    receiver = await WebhookReceiver.start({ status: 204 });
    await createChannel(server, {
      type: 'webhook',
      webhookUrl: receiver.url('/remediation'),
      signingSecret: 'remediation-alerts-secret',
    });
    approver = await signedIn(server, 'approver', 'chat-approver');
  });

  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.close()));
    await server.stop();
    await receiver.close();
  });

  const messages = () => receiver.accepted().map((request) => request.json as Message);

  it('tells when the approved fix starts and ends, then that the incident resolved', async () => {
    for (const [index, behaviour] of (['hold', 'fix'] as const).entries()) {
      const hostname = `PC-CHATFIX-${index + 1}`;
      agents.push(await fixingAgent(server, await enroll(server, hostname), hostname, behaviour));
    }
    const live = await liveSocket(server);
    const incident = await new Promise<IncidentSummary>((resolve) => {
      live.on('incident.updated', (summary) => summary.failingHostCount === 2 && resolve(summary));
      void (async () => {
        for (const agent of agents) await agent.reportSpooler(true);
      })();
    });
    const resolved = new Promise<void>((resolve) =>
      live.on(
        'incident.updated',
        (summary) => summary.id === incident.id && summary.status === 'resolved' && resolve(),
      ),
    );
    await receiver.waitForAccepted(1);
    expect(messages()[0]).toMatchObject({ kind: 'opened' });

    const canaryJob = agents[0]!.nextJob();
    const approval = await callApi(
      server,
      'POST',
      `/api/incidents/${incident.id}/approve`,
      {},
      {
        authorization: `Bearer ${approver.token}`,
      },
    );
    expect(approval.status).toBe(201);
    const held = await canaryJob;
    await receiver.waitForAccepted(2);
    expect(messages()[1]).toMatchObject({
      kind: 'remediation-started',
      remediation: { stage: 'started', approvedBy: 'chat-approver' },
    });

    await agents[0]!.finish(held.job.jobId, 'succeeded');
    await resolved;
    live.close();
    const all = await (async () => {
      // the resolution is the last news; wait for the message that tells it
      for (let count = 3; ; count += 1) {
        await receiver.waitForAccepted(count);
        if (messages().at(-1)?.kind === 'resolved') return messages();
      }
    })();
    const kinds = all.map((message) => message.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds.slice(0, 2)).toEqual(['opened', 'remediation-started']);
    expect(['remediation-finished', 'resolved']).toEqual(expect.arrayContaining(kinds.slice(2)));
    // whether the fix's end came alone or with the resolution, the channel was told how it ended
    expect(all.at(-1)).toMatchObject({
      kind: 'resolved',
      remediation: { stage: 'finished', outcome: 'completed', approvedBy: 'chat-approver' },
    });
  }, 30_000);
});
