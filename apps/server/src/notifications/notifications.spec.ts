/**
 * Integration: a case A burst over real socket.io agents, the real server, and real HTTP servers standing in
 * for Slack, Teams, DingTalk, Feishu, WeCom and a generic webhook. One message per channel once the burst
 * settled (with the server's default 5 s group wait), in each platform's format and signature; a flaky
 * receiver gets its message exactly once; filters keep channels out; growth and resolution are told once
 * each.
 */
import { createHmac } from 'node:crypto';
import type { Channel, IncidentList, IncidentSummary } from '@fleetmedic/protocol';
import { type TestServer, getJson, liveSocket, startTestServer } from '../testing/test-server';
import { CaseAFleet } from './testing/case-a-fleet';
import { type ChannelInput, createChannel, incidentNotifications } from './testing/channels-client';
import {
  PLATFORM_SUCCESS,
  type ReceivedWebhook,
  type ScriptedAnswer,
  WebhookReceiver,
} from './testing/webhook-receiver';

const GROUP_WAIT_MS = 5_000;
const PUBLIC_URL = 'https://fleetmedic.example.test';
const DINGTALK_SECRET = 'SEC7d1f0c2b9a8e7d6c5b4a39281706f5e4d3c2b1a0';
const FEISHU_SECRET = 'feishu-signing-secret-0042';
const WEBHOOK_SECRET = 'webhook-signing-secret-4711';

interface Sink {
  name: string;
  receiver: WebhookReceiver;
  channel: Channel;
}

function verifyDingtalk(request: ReceivedWebhook): void {
  const query = new URL(request.url, 'http://x').searchParams;
  const timestamp = query.get('timestamp') ?? '';
  expect(Math.abs(Number(timestamp) - request.at)).toBeLessThan(60 * 60_000);
  const expected = createHmac('sha256', DINGTALK_SECRET)
    .update(`${timestamp}\n${DINGTALK_SECRET}`)
    .digest('base64');
  expect(query.get('sign')).toBe(expected);
  // sent URL-encoded, as DingTalk documents (urlEncode of the Base64)
  expect(request.url).toContain(`sign=${encodeURIComponent(expected)}`);
  expect(query.get('access_token')).toBe('dingtalk-robot-token-1234');
}

function verifyFeishu(request: ReceivedWebhook): void {
  const body = request.json as { timestamp: string; sign: string };
  expect(Math.abs(Number(body.timestamp) * 1000 - request.at)).toBeLessThan(60 * 60_000);
  expect(body.sign).toBe(
    createHmac('sha256', `${body.timestamp}\n${FEISHU_SECRET}`).update('').digest('base64'),
  );
}

function verifyWebhook(request: ReceivedWebhook, secret = WEBHOOK_SECRET): void {
  const timestamp = String(request.headers['x-fleetmedic-timestamp']);
  expect(Math.abs(Number(timestamp) * 1000 - request.at)).toBeLessThan(5 * 60_000);
  expect(request.headers['x-fleetmedic-signature']).toBe(
    `sha256=${createHmac('sha256', secret).update(`${timestamp}.${request.body}`).digest('hex')}`,
  );
}

/** Everything a person reads in the message, whatever the platform's format. */
function readable(request: ReceivedWebhook): string {
  return request.body;
}

describe('chat alerts for a case A burst', () => {
  let server: TestServer;
  let fleet: CaseAFleet;
  const sinks = new Map<string, Sink>();
  let incident: IncidentSummary;

  const sink = (name: string) => sinks.get(name)!;
  const platforms = ['slack', 'teams', 'dingtalk', 'feishu', 'wecom', 'webhook'] as const;
  const told = [...platforms, 'flaky', 'filtered-in'];
  const excluded = ['too-few-hosts', 'other-known-issue', 'other-tag'];

  async function addSink(
    name: string,
    input: (receiver: WebhookReceiver) => ChannelInput,
    success: ScriptedAnswer = PLATFORM_SUCCESS.webhook,
  ) {
    const receiver = await WebhookReceiver.start(success);
    const channel = await createChannel(server, { ...input(receiver), name });
    sinks.set(name, { name, receiver, channel });
  }

  beforeAll(async () => {
    server = await startTestServer({
      FLEETMEDIC_PUBLIC_URL: PUBLIC_URL,
      FLEETMEDIC_ALERT_ALLOW_HTTP: 'true',
      FLEETMEDIC_ALERT_ALLOWED_HOSTS: '127.0.0.1',
      FLEETMEDIC_ALERT_GROUP_INTERVAL_MS: '9000',
      FLEETMEDIC_ALERT_RETRY_BASE_MS: '50',
      FLEETMEDIC_INCIDENT_SETTLE_MS: '300',
    });
    if (server.config.alerts.groupWaitMs !== GROUP_WAIT_MS)
      throw new Error(`this suite measures the default group wait of ${GROUP_WAIT_MS} ms`);
    await addSink(
      'slack',
      (r) => ({ type: 'slack', webhookUrl: r.url('/services/T0001/B0001/slackhooktoken42') }),
      PLATFORM_SUCCESS.slack,
    );
    await addSink(
      'teams',
      (r) => ({
        type: 'teams',
        webhookUrl: r.url('/workflows/fm/triggers/manual/paths/invoke?api-version=1&sig=teamsworkflowsig42'),
      }),
      PLATFORM_SUCCESS.teams,
    );
    await addSink(
      'dingtalk',
      (r) => ({
        type: 'dingtalk',
        language: 'zh-CN',
        webhookUrl: r.url('/robot/send?access_token=dingtalk-robot-token-1234'),
        signing: true,
        signingSecret: DINGTALK_SECRET,
      }),
      PLATFORM_SUCCESS.dingtalk,
    );
    await addSink(
      'feishu',
      (r) => ({
        type: 'feishu',
        language: 'zh-CN',
        webhookUrl: r.url('/open-apis/bot/v2/hook/6f1c2d3e-feishu-hook'),
        signing: true,
        signingSecret: FEISHU_SECRET,
      }),
      PLATFORM_SUCCESS.feishu,
    );
    await addSink(
      'wecom',
      (r) => ({
        type: 'wecom',
        language: 'zh-CN',
        webhookUrl: r.url('/cgi-bin/webhook/send?key=wecom-robot-key-77'),
      }),
      PLATFORM_SUCCESS.wecom,
    );
    await addSink('webhook', (r) => ({
      type: 'webhook',
      webhookUrl: r.url('/fleetmedic/hook'),
      signingSecret: WEBHOOK_SECRET,
    }));
    await addSink('flaky', (r) => ({
      type: 'webhook',
      webhookUrl: r.url('/flaky'),
      signingSecret: WEBHOOK_SECRET,
    }));
    sink('flaky').receiver.answerNext({ status: 500, body: 'oops' }, { status: 500, body: 'oops again' });
    await addSink('filtered-in', (r) => ({
      type: 'webhook',
      webhookUrl: r.url('/filtered-in'),
      signingSecret: WEBHOOK_SECRET,
      filters: { knownIssues: ['spooler-rpc-internet'], minHosts: 5, tags: ['FLOOR-3'] },
    }));
    await addSink('too-few-hosts', (r) => ({
      type: 'webhook',
      webhookUrl: r.url('/too-few'),
      signingSecret: WEBHOOK_SECRET,
      filters: { knownIssues: [], minHosts: 10, tags: [] },
    }));
    await addSink('other-known-issue', (r) => ({
      type: 'webhook',
      webhookUrl: r.url('/other-issue'),
      signingSecret: WEBHOOK_SECRET,
      filters: { knownIssues: ['catroot2-catalog-database-corrupt'], minHosts: 1, tags: [] },
    }));
    await addSink('other-tag', (r) => ({
      type: 'webhook',
      webhookUrl: r.url('/other-tag'),
      signingSecret: WEBHOOK_SECRET,
      filters: { knownIssues: [], minHosts: 1, tags: ['kiosk'] },
    }));
    fleet = await CaseAFleet.start(server, { hosts: 17, affected: 5 });
  }, 60_000);

  afterAll(async () => {
    fleet.close();
    await server.stop();
    for (const { receiver } of sinks.values()) await receiver.close();
  });

  it('sends one message per channel once the burst of 5 hosts within 3 s settled, within group wait + 1 s', async () => {
    const live = await liveSocket(server);
    const opened = new Promise<IncidentSummary>((resolve) => live.once('incident.updated', resolve));
    let lastReportAt = 0;
    for (let host = 0; host < 5; host += 1) {
      // The burst: a host every 700 ms, the fifth 2.8 s after the first.
      if (host > 0) await new Promise((resolve) => setTimeout(resolve, 700));
      lastReportAt = Date.now();
      await fleet.report(host, true);
    }
    incident = await opened;
    live.close();

    const first = await Promise.all(
      told.map(async (name) => (await sink(name).receiver.waitForCount(1))[0]!),
    );
    for (const [index, request] of first.entries()) {
      const waited = request.at - lastReportAt;
      expect([told[index], waited >= GROUP_WAIT_MS && waited <= GROUP_WAIT_MS + 1_000]).toEqual([
        told[index],
        true,
      ]);
    }
    const link = `${PUBLIC_URL}/incidents/${incident.id}`;
    for (const name of told) {
      const text = readable(sink(name).receiver.received[0]!);
      const zh = ['dingtalk', 'feishu', 'wecom'].includes(name);
      expect([name, text.includes('0x80070057 (E_INVALIDARG)')]).toEqual([name, true]);
      expect([name, text.includes(zh ? '参数错误。' : 'The parameter is incorrect.')]).toEqual([name, true]);
      expect([name, text.includes(zh ? '受影响 5 台' : '5 affected')]).toEqual([name, true]);
      expect([
        name,
        text.includes(
          zh
            ? '注册表项 HKLM\\\\Software\\\\Microsoft\\\\Rpc\\\\Internet 存在'
            : 'HKLM\\\\Software\\\\Microsoft\\\\Rpc\\\\Internet present',
        ),
      ]).toEqual([name, true]);
      expect([name, text.includes(link)]).toEqual([name, true]);
    }
  }, 30_000);

  it('sends each platform its documented format and signature', () => {
    const [slack] = sink('slack').receiver.received;
    expect(slack!.headers['content-type']).toMatch(/^application\/json/);
    expect(slack!.json).toMatchObject({
      text: expect.stringContaining('on 5 PCs'),
      blocks: expect.arrayContaining([
        expect.objectContaining({ type: 'header' }),
        expect.objectContaining({ type: 'actions' }),
      ]),
    });

    const [teams] = sink('teams').receiver.received;
    expect(teams!.json).toMatchObject({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          contentUrl: null,
          content: {
            type: 'AdaptiveCard',
            version: '1.4',
            // Workflows cards cannot call back: approving is the signed link into the dashboard
            actions: [
              {
                type: 'Action.OpenUrl',
                title: 'Approve fix',
                url: expect.stringMatching(new RegExp(`^${PUBLIC_URL}/approve/[\\w-]+\\.[\\w-]+$`)),
              },
              { type: 'Action.OpenUrl', title: 'Open the incident' },
            ],
          },
        },
      ],
    });

    const [dingtalk] = sink('dingtalk').receiver.received;
    expect(dingtalk!.json).toMatchObject({
      msgtype: 'markdown',
      markdown: {
        title: expect.stringContaining('5 台电脑'),
        text: expect.stringMatching(/\[批准修复\]\(.+\/approve\/[\w-]+\.[\w-]+\)[\s\S]*\[查看事件\]\(/),
      },
    });
    verifyDingtalk(dingtalk!);

    const [feishu] = sink('feishu').receiver.received;
    expect(feishu!.json).toMatchObject({
      msg_type: 'interactive',
      card: { header: { template: 'red', title: { tag: 'plain_text' } }, elements: expect.any(Array) },
    });
    verifyFeishu(feishu!);

    const [wecom] = sink('wecom').receiver.received;
    expect(wecom!.json).toMatchObject({
      msgtype: 'markdown',
      markdown: { content: expect.stringContaining('<font') },
    });
    expect(
      Buffer.byteLength((wecom!.json as { markdown: { content: string } }).markdown.content),
    ).toBeLessThanOrEqual(4096);

    const [webhook] = sink('webhook').receiver.received;
    expect(webhook!.json).toMatchObject({
      source: 'fleetmedic',
      version: 1,
      kind: 'opened',
      incident: { id: incident.id, hostCount: 5, url: `${PUBLIC_URL}/incidents/${incident.id}` },
      decoded: { code: '0x80070057', symbol: 'E_INVALIDARG' },
      topCommonFactor: {
        factor: 'registry-key:hklm\\software\\microsoft\\rpc\\internet',
        label: 'HKLM\\Software\\Microsoft\\Rpc\\Internet present',
        affected: { count: 5, total: 5 },
      },
      knownIssue: { id: 'spooler-rpc-internet', playbook: 'spooler-rpc-internet' },
    });
    expect(webhook!.headers['x-fleetmedic-event']).toBe('opened');
    verifyWebhook(webhook!);
  });

  it('delivers exactly once to a receiver that answers 500 twice and then 200', async () => {
    const attempts = await sink('flaky').receiver.waitForCount(3);
    expect(attempts.map((request) => request.answered)).toEqual([500, 500, 204]);
    expect(new Set(attempts.map((request) => request.headers['x-fleetmedic-delivery'])).size).toBe(1);
    expect(new Set(attempts.map((request) => request.body)).size).toBe(1);
    for (const request of attempts) verifyWebhook(request);
    const { deliveries } = await incidentNotifications(server, incident.id);
    expect(deliveries.filter((delivery) => delivery.channelName === 'flaky')).toEqual([
      expect.objectContaining({ kind: 'opened', status: 'delivered', attempts: 3, lastError: null }),
    ]);
  });

  it('keeps out the channels whose filters do not match, and lets in the one whose filters do', async () => {
    const { deliveries } = await incidentNotifications(server, incident.id);
    expect(new Set(deliveries.map((delivery) => delivery.channelName))).toEqual(new Set(told));
    for (const name of excluded) expect([name, sink(name).receiver.received.length]).toEqual([name, 0]);
    expect(sink('filtered-in').receiver.received).toHaveLength(1);
  });

  it('sends one update when the incident grows', async () => {
    const reportedAt = Date.now();
    await fleet.report(5, true);
    const second = await Promise.all(
      told.map(async (name) => {
        const all = await sink(name).receiver.waitForCount(name === 'flaky' ? 4 : 2);
        return all.at(-1)!;
      }),
    );
    for (const [index, request] of second.entries()) {
      const name = told[index]!;
      expect([name, request.at - reportedAt >= GROUP_WAIT_MS]).toEqual([name, true]);
      const zh = ['dingtalk', 'feishu', 'wecom'].includes(name);
      expect([name, request.body.includes(zh ? '增至 6 台电脑' : 'Now 6 PCs')]).toEqual([name, true]);
    }
    for (const name of excluded.filter((name) => name !== 'too-few-hosts'))
      expect([name, sink(name).receiver.received.length]).toEqual([name, 0]);
  }, 30_000);

  it('sends one message when it resolves, and never the same news twice', async () => {
    for (let host = 0; host < 6; host += 1) await fleet.report(host, false);
    const third = await Promise.all(
      told.map(async (name) => (await sink(name).receiver.waitForCount(name === 'flaky' ? 5 : 3)).at(-1)!),
    );
    for (const [index, request] of third.entries()) {
      const name = told[index]!;
      const zh = ['dingtalk', 'feishu', 'wecom'].includes(name);
      expect([name, request.body.includes(zh ? '已恢复' : 'Resolved')]).toEqual([name, true]);
    }
    const { deliveries } = await incidentNotifications(server, incident.id);
    for (const name of told)
      expect([
        name,
        deliveries
          .filter((delivery) => delivery.channelName === name)
          .map((delivery) => [delivery.kind, delivery.status]),
      ]).toEqual([
        name,
        [
          ['opened', 'delivered'],
          ['grew', 'delivered'],
          ['resolved', 'delivered'],
        ],
      ]);
    for (const name of told) expect([name, sink(name).receiver.accepted().length]).toEqual([name, 3]);
    const { body } = await getJson<IncidentList>(server, '/api/incidents?status=resolved');
    expect(body.incidents.map((row) => row.id)).toContain(incident.id);
  }, 30_000);
});
