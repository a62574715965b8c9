/**
 * Integration: delivery through the outbox against real local HTTP receivers, on a server with short
 * timings: test messages, retries with backoff, dead letters and sending one again, a platform's refusal,
 * 429 Retry-After, the per-channel rate, reminders, and the remediation hooks.
 */
import type { NotificationDelivery, NotificationDeliveryList } from '@fleetmedic/protocol';
import { filter, firstValueFrom } from 'rxjs';
import { type TestServer, liveSocket, startTestServer } from '../testing/test-server';
import { DeliveryWorker } from './delivery-worker';
import { NotificationsService } from './notifications.service';
import { CaseAFleet } from './testing/case-a-fleet';
import { callApi, createChannel } from './testing/channels-client';
import { PLATFORM_SUCCESS, WebhookReceiver } from './testing/webhook-receiver';

const SECRET = 'delivery-spec-secret-01';

describe('delivery', () => {
  let server: TestServer;
  const receivers: WebhookReceiver[] = [];

  async function receiver(success = PLATFORM_SUCCESS.webhook as { status: number; body?: string }) {
    const started = await WebhookReceiver.start(success);
    receivers.push(started);
    return started;
  }

  async function test(channelId: string): Promise<NotificationDelivery> {
    const answer = await callApi(server, 'POST', `/api/channels/${channelId}/test`);
    expect(answer.status).toBe(200);
    return answer.json as NotificationDelivery;
  }

  async function deliveries(channelId: string, status = 'all'): Promise<NotificationDelivery[]> {
    const answer = await callApi(server, 'GET', `/api/channels/${channelId}/deliveries?status=${status}`);
    return (answer.json as NotificationDeliveryList).deliveries;
  }

  /** Resolves when an attempt on the channel leaves a delivery in `status` (listen before acting). */
  function attemptEnding(channelId: string, status: 'dead' | 'delivered'): Promise<unknown> {
    return firstValueFrom(
      server.app
        .get(DeliveryWorker)
        .attempted$.pipe(filter((row) => row.channelId === channelId && row.status === status)),
    );
  }

  beforeAll(async () => {
    server = await startTestServer({
      FLEETMEDIC_ALERT_ALLOW_HTTP: 'true',
      FLEETMEDIC_ALERT_ALLOWED_HOSTS: '127.0.0.1',
      FLEETMEDIC_ALERT_GROUP_WAIT_MS: '200',
      FLEETMEDIC_ALERT_GROUP_INTERVAL_MS: '300',
      FLEETMEDIC_ALERT_REPEAT_INTERVAL_MS: '1500',
      FLEETMEDIC_ALERT_RETRY_BASE_MS: '50',
      FLEETMEDIC_ALERT_MAX_ATTEMPTS: '3',
    });
  });

  afterAll(async () => {
    await server.stop();
    for (const started of receivers) await started.close();
  });

  it('sends a test message and answers with its delivery, saying there is no link without a public URL', async () => {
    const slack = await receiver(PLATFORM_SUCCESS.slack);
    const channel = await createChannel(server, {
      type: 'slack',
      webhookUrl: slack.url('/services/T1/B1/testmsg'),
    });
    const delivery = await test(channel.id);
    expect(delivery).toMatchObject({ kind: 'test', status: 'delivered', attempts: 1, incidentId: null });
    expect(slack.received).toHaveLength(1);
    expect(slack.received[0]!.body).toContain('FleetMedic test message for channel “slack channel”');
    expect(slack.received[0]!.body).toContain('FLEETMEDIC_PUBLIC_URL is not set');
    expect(slack.received[0]!.headers['user-agent']).toMatch(/^FleetMedic\//);
  });

  it('retries with backoff, keeps a dead letter after the last attempt, and sends it again on request', async () => {
    const broken = await receiver({ status: 503, body: 'maintenance' });
    const channel = await createChannel(server, {
      type: 'webhook',
      webhookUrl: broken.url('/hook'),
      signingSecret: SECRET,
    });
    const deadLetter = attemptEnding(channel.id, 'dead');
    const first = await test(channel.id);
    expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 503 });
    expect(first.lastError).toMatch(/HTTP 503/);
    await deadLetter;
    expect(broken.received).toHaveLength(3);
    const [dead] = await deliveries(channel.id, 'dead');
    expect(dead).toMatchObject({ id: first.id, attempts: 3, lastStatusCode: 503, nextAttemptAt: null });
    const gaps = broken.received.slice(1).map((request, index) => request.at - broken.received[index]!.at);
    // base 50 ms doubling, with jitter between half and all of it: ≥ 25 ms, then ≥ 50 ms
    expect(gaps[0]).toBeGreaterThanOrEqual(25);
    expect(gaps[1]).toBeGreaterThanOrEqual(50);

    broken.answerAlways({ status: 204 });
    const sentAgain = attemptEnding(channel.id, 'delivered');
    const retried = await callApi(server, 'POST', `/api/channels/${channel.id}/deliveries/${first.id}/retry`);
    expect(retried).toMatchObject({ status: 200, json: { id: first.id } });
    await sentAgain;
    expect(broken.received).toHaveLength(4);
    const [delivered] = await deliveries(channel.id, 'delivered');
    expect(delivered).toMatchObject({ id: first.id, attempts: 1 });
    expect(new Set(broken.received.map((request) => request.headers['x-fleetmedic-delivery']))).toEqual(
      new Set([first.id]),
    );
    const again = await callApi(server, 'POST', `/api/channels/${channel.id}/deliveries/${first.id}/retry`);
    expect(again).toMatchObject({ status: 409, json: { code: 'DELIVERY_NOT_DEAD' } });
  });

  it('gives a message up at once when the platform refuses it for good', async () => {
    const refusing = await receiver({ status: 200, body: '{"errcode":310000,"errmsg":"sign not match"}' });
    const channel = await createChannel(server, {
      type: 'dingtalk',
      webhookUrl: refusing.url('/robot/send?access_token=refusal-token'),
      signing: true,
      signingSecret: 'SECwrongsecretforthisrobot',
    });
    const delivery = await test(channel.id);
    expect(delivery).toMatchObject({
      status: 'dead',
      attempts: 1,
      lastError: 'dingtalk error 310000: sign not match',
    });
    expect(refusing.received).toHaveLength(1);
  });

  it('waits as long as a 429 Retry-After asks before trying the channel again', async () => {
    const limited = await receiver();
    limited.answerNext({ status: 429, headers: { 'retry-after': '1' } });
    const channel = await createChannel(server, {
      type: 'webhook',
      webhookUrl: limited.url('/limited'),
      signingSecret: SECRET,
    });
    const delivery = await test(channel.id);
    expect(delivery).toMatchObject({ status: 'pending', lastStatusCode: 429 });
    const [first, second] = await limited.waitForCount(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1_000);
    expect(second!.answered).toBe(204);
  });

  it('keeps to the channel’s rate: Slack webhooks one message a second', async () => {
    const slack = await receiver(PLATFORM_SUCCESS.slack);
    const channel = await createChannel(server, {
      type: 'slack',
      webhookUrl: slack.url('/services/T2/B2/rate'),
    });
    await Promise.all([test(channel.id), test(channel.id), test(channel.id)]);
    const [a, b, c] = await slack.waitForCount(3);
    // one a second, measured where the requests arrive (give or take the network's few milliseconds)
    expect(b!.at - a!.at).toBeGreaterThanOrEqual(950);
    expect(c!.at - b!.at).toBeGreaterThanOrEqual(950);
  });

  it('reminds of an open incident nobody acknowledged, and tells when remediation starts and ends', async () => {
    const hook = await receiver();
    const channel = await createChannel(server, {
      type: 'webhook',
      webhookUrl: hook.url('/incidents'),
      signingSecret: SECRET,
    });
    const fleet = await CaseAFleet.start(server, { hosts: 4, affected: 2, prefix: 'REM' });
    try {
      const live = await liveSocket(server);
      const opened = new Promise<{ id: string }>((resolve) => live.once('incident.updated', resolve));
      await fleet.report(0, true);
      await fleet.report(1, true);
      const incident = await opened;
      live.close();
      const [first] = await hook.waitForCount(1);
      expect(first!.json).toMatchObject({ kind: 'opened', incident: { id: incident.id } });
      const [, reminder] = await hook.waitForCount(2);
      expect(reminder!.json).toMatchObject({ kind: 'reminder', title: expect.stringMatching(/^Still open/) });
      // a repeat interval after the opening was queued (the server's clock, not the network's)
      const queued = await deliveries(channel.id);
      const queuedAt = (kind: string) => Date.parse(queued.find((row) => row.kind === kind)!.createdAt);
      expect(queuedAt('reminder') - queuedAt('opened')).toBeGreaterThanOrEqual(1_500);

      expect((await callApi(server, 'POST', `/api/incidents/${incident.id}/ack`)).status).toBe(200);
      const notifications = server.app.get(NotificationsService);
      await notifications.remediationStarted(incident.id, {
        rolloutId: '0190f3c2-0000-7000-8000-00000000beef',
        playbookId: 'spooler-rpc-internet',
        hostCount: 2,
        approvedBy: 'approver',
      });
      const started = (await hook.waitForCount(hook.received.length + 1)).at(-1)!;
      expect(started.json).toMatchObject({
        kind: 'remediation-started',
        title: 'Fix started on 2 PCs: Service Spooler',
        remediation: { stage: 'started', playbookId: 'spooler-rpc-internet', approvedBy: 'approver' },
      });
      await notifications.remediationFinished(incident.id, {
        rolloutId: '0190f3c2-0000-7000-8000-00000000beef',
        playbookId: 'spooler-rpc-internet',
        outcome: 'completed',
        succeeded: 2,
        failed: 0,
        reason: null,
      });
      const finished = (await hook.waitForCount(hook.received.length + 1)).at(-1)!;
      expect(finished.json).toMatchObject({
        kind: 'remediation-finished',
        summary: 'Playbook spooler-rpc-internet ran: 2 PC(s) fixed, 0 failed.',
        remediation: { stage: 'finished', outcome: 'completed', approvedBy: 'approver', hostCount: 2 },
      });
      const kinds = (await deliveries(channel.id)).map((delivery) => delivery.kind);
      expect(kinds.filter((kind) => kind === 'remediation-started')).toHaveLength(1);
      expect(kinds.filter((kind) => kind === 'remediation-finished')).toHaveLength(1);
      // acknowledged: no reminder after the acknowledgement
      const afterAck = hook.received.slice(2).map((request) => (request.json as { kind: string }).kind);
      expect(afterAck).toEqual(['remediation-started', 'remediation-finished']);
    } finally {
      fleet.close();
    }
  }, 20_000);
});
