/**
 * Integration: the channels API on a server with the default URL policy. Channels are created, read,
 * changed and deleted by admins and audited; their URL and signing secret are never read back; a bad field
 * is named and changes nothing; a URL pointing at FleetMedic itself, a metadata service or a private
 * address is refused.
 */
import type { ApiError, AuditList, Channel, ChannelList } from '@fleetmedic/protocol';
import { uuidv7 } from '../testing/factories';
import { type TestServer, getJson, startTestServer } from '../testing/test-server';
import { callApi, createChannel } from './testing/channels-client';

const SLACK_URL = 'https://hooks.slack.com/services/T0AAA1111/B0BBB2222/slackSecretPart9876';
const DINGTALK_URL = 'https://oapi.dingtalk.com/robot/send?access_token=dingtalkSecretToken5555';
const DINGTALK_SECRET = 'SECdingtalkSigningSecret4444';

describe('channels API', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ FLEETMEDIC_PUBLIC_URL: 'https://fleetmedic.example.test' });
  });

  afterAll(async () => {
    await server.stop();
  });

  async function channelCount(): Promise<number> {
    return (await getJson<ChannelList>(server, '/api/channels')).body.channels.length;
  }

  async function refused(body: unknown, method = 'POST', route = '/api/channels') {
    const before = await channelCount();
    const answer = await callApi(server, method, route, body);
    expect(await channelCount()).toBe(before);
    return { status: answer.status, body: answer.json as ApiError, text: answer.text };
  }

  it('creates a channel and shows where it sends (the origin), never the URL or the secret', async () => {
    const created = await createChannel(server, {
      name: 'Ops DingTalk',
      type: 'dingtalk',
      language: 'zh-CN',
      webhookUrl: DINGTALK_URL,
      signing: true,
      signingSecret: DINGTALK_SECRET,
      filters: { knownIssues: ['spooler-rpc-internet'], minHosts: 3, tags: [] },
    });
    expect(created).toMatchObject({
      name: 'Ops DingTalk',
      type: 'dingtalk',
      language: 'zh-CN',
      enabled: true,
      webhook: { configured: true, origin: 'https://oapi.dingtalk.com' },
      signing: { enabled: true, secretConfigured: true },
      filters: { knownIssues: ['spooler-rpc-internet'], minHosts: 3, tags: [] },
      ratePerMinute: 20,
      ratePerMinuteIsDefault: true,
      deliveries: { pending: 0, delivered: 0, dead: 0, lastDeliveredAt: null, lastError: null },
    });
    for (const route of ['/api/channels', `/api/channels/${created.id}`]) {
      const { text } = await callApi(server, 'GET', route);
      expect(text).toContain('oapi.dingtalk.com');
      expect(text).not.toContain('dingtalkSecretToken5555');
      expect(text).not.toContain('robot/send');
      expect(text).not.toContain(DINGTALK_SECRET);
    }
  });

  it('signs generic webhooks by default, and takes a Slack URL as is', async () => {
    const slack = await createChannel(server, { name: 'Slack #ops', type: 'slack', webhookUrl: SLACK_URL });
    expect(slack).toMatchObject({ signing: { enabled: false, secretConfigured: false }, ratePerMinute: 60 });
    const webhook = await createChannel(server, {
      type: 'webhook',
      webhookUrl: 'https://tickets.example.com/hooks/fleetmedic',
      signingSecret: 'a-generic-signing-secret',
      ratePerMinute: 30,
    });
    expect(webhook).toMatchObject({
      signing: { enabled: true, secretConfigured: true },
      ratePerMinute: 30,
      ratePerMinuteIsDefault: false,
    });
  });

  it('answers bad input with 400 naming each field at fault, and stores nothing', async () => {
    const cases: [unknown, string[]][] = [
      [{ name: 'x', type: 'pager', webhookUrl: SLACK_URL }, ['type']],
      [{ name: 'x', type: 'slack', webhookUrl: 'not a url' }, ['webhookUrl']],
      [{ type: 'slack', webhookUrl: SLACK_URL }, ['name']],
      [{ name: 'x', type: 'slack', webhookUrl: 'http://hooks.slack.com/services/T/B/X' }, ['webhookUrl']],
      [{ name: 'x', type: 'dingtalk', webhookUrl: DINGTALK_URL, signing: true }, ['signingSecret']],
      [{ name: 'x', type: 'webhook', webhookUrl: 'https://tickets.example.com/hook' }, ['signingSecret']],
      [{ name: 'x', type: 'slack', webhookUrl: SLACK_URL, signing: true }, ['signing']],
      [
        { name: 'x', type: 'wecom', webhookUrl: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send' },
        ['webhookUrl'],
      ],
      [
        {
          name: 'x',
          type: 'slack',
          webhookUrl: SLACK_URL,
          filters: { knownIssues: ['no-such-issue'], minHosts: 1, tags: [] },
        },
        ['filters.knownIssues[0]'],
      ],
      [{ name: 'x', type: 'slack', webhookUrl: SLACK_URL, filters: { minHosts: 0 } }, ['filters.minHosts']],
      [
        { name: 'x', type: 'dingtalk', webhookUrl: 'http://10.0.0.8/robot/send', signing: true },
        ['webhookUrl', 'signingSecret'],
      ],
    ];
    for (const [body, paths] of cases) {
      const answer = await refused(body);
      expect([body, answer.status, answer.body.code]).toEqual([body, 400, 'INVALID_REQUEST']);
      expect([body, answer.body.issues?.map((issue) => issue.path)]).toEqual([body, paths]);
      for (const path of paths) expect(answer.body.message).toContain(path);
    }
    const http = await refused({
      name: 'x',
      type: 'slack',
      webhookUrl: 'http://hooks.slack.com/services/T/B/X',
    });
    expect(http.body.message).toMatch(/https/);
  });

  it('refuses a URL pointing at FleetMedic itself, a metadata service, a private or local address', async () => {
    const hostile = [
      `https://127.0.0.1:${server.port}/api/users`,
      `https://localhost:${server.port}/api/agents/enroll-secret/rotate`,
      'https://fleetmedic.example.test/api/users',
      'https://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'https://[fd00:ec2::254]/latest/meta-data/',
      'https://metadata.google.internal/computeMetadata/v1/',
      'https://10.20.30.40/hook',
      'https://192.168.1.10:8443/hook',
      'https://localhost:9999/hook',
      'https://0.0.0.0/hook',
    ];
    for (const webhookUrl of hostile) {
      const answer = await refused({
        name: 'x',
        type: 'webhook',
        webhookUrl,
        signingSecret: 'a-long-secret',
      });
      expect([webhookUrl, answer.status, answer.body.issues?.map((issue) => issue.path)]).toEqual([
        webhookUrl,
        400,
        ['webhookUrl'],
      ]);
      expect(answer.body.message).toMatch(/FleetMedic itself|refused/);
    }
  });

  it('changes a channel, replacing a write-only secret without showing it, and refuses a bad change', async () => {
    const channel = await createChannel(server, { name: 'to change', type: 'slack', webhookUrl: SLACK_URL });
    const changed = await callApi(server, 'PATCH', `/api/channels/${channel.id}`, {
      name: 'changed',
      enabled: false,
      language: 'zh-CN',
      webhookUrl: 'https://hooks.slack.com/services/T0AAA1111/B0CCC3333/replacedSlackSecret1234',
      filters: { minHosts: 4 },
    });
    expect(changed.status).toBe(200);
    expect(changed.json).toMatchObject({
      name: 'changed',
      enabled: false,
      language: 'zh-CN',
      filters: { knownIssues: [], minHosts: 4, tags: [] },
    });
    expect(changed.text).not.toContain('replacedSlackSecret1234');

    expect((await refused({}, 'PATCH', `/api/channels/${channel.id}`)).status).toBe(400);
    const dingtalk = await createChannel(server, {
      name: 'unsigned',
      type: 'dingtalk',
      webhookUrl: DINGTALK_URL,
    });
    const noSecret = await refused({ signing: true }, 'PATCH', `/api/channels/${dingtalk.id}`);
    expect(noSecret.body.issues?.map((issue) => issue.path)).toEqual(['signingSecret']);
    const signed = await callApi(server, 'PATCH', `/api/channels/${dingtalk.id}`, {
      signing: true,
      signingSecret: 'SECanotherDingtalkSecret',
    });
    expect(signed.json).toMatchObject({ signing: { enabled: true, secretConfigured: true } });
    const after = (await getJson<Channel>(server, `/api/channels/${dingtalk.id}`)).body;
    expect(after.signing).toEqual({ enabled: true, secretConfigured: true });

    // The secret can be removed, but not while signing is on: the 400 names the field and changes nothing.
    const stillSigning = await refused({ signingSecret: null }, 'PATCH', `/api/channels/${dingtalk.id}`);
    expect(stillSigning.body.issues).toEqual([
      expect.objectContaining({ path: 'signingSecret', message: expect.stringContaining('signing is on') }),
    ]);
    expect((await getJson<Channel>(server, `/api/channels/${dingtalk.id}`)).body.signing).toEqual({
      enabled: true,
      secretConfigured: true,
    });
    const cleared = await callApi(server, 'PATCH', `/api/channels/${dingtalk.id}`, {
      signing: false,
      signingSecret: null,
    });
    expect(cleared.status).toBe(200);
    expect(cleared.json).toMatchObject({ signing: { enabled: false, secretConfigured: false } });
    expect((await getJson<Channel>(server, `/api/channels/${dingtalk.id}`)).body.signing).toEqual({
      enabled: false,
      secretConfigured: false,
    });
    // Turning signing back on then needs a new secret.
    const unsigned = await refused({ signing: true }, 'PATCH', `/api/channels/${dingtalk.id}`);
    expect(unsigned.body.issues?.map((issue) => issue.path)).toEqual(['signingSecret']);

    const missing = await callApi(server, 'PATCH', `/api/channels/${uuidv7()}`, { name: 'nobody' });
    expect(missing).toMatchObject({ status: 404, json: { code: 'CHANNEL_NOT_FOUND' } });
  });

  it('deletes a channel', async () => {
    const channel = await createChannel(server, { name: 'to delete', type: 'slack', webhookUrl: SLACK_URL });
    expect((await callApi(server, 'DELETE', `/api/channels/${channel.id}`)).status).toBe(204);
    expect((await callApi(server, 'GET', `/api/channels/${channel.id}`)).status).toBe(404);
    expect((await callApi(server, 'DELETE', `/api/channels/${channel.id}`)).status).toBe(404);
  });

  it('audits every change, naming what changed but never a secret', async () => {
    const { body } = await getJson<AuditList>(server, '/api/audit?action=channel.&limit=100');
    const actions = body.events.map((event) => event.action);
    expect(actions).toEqual(
      expect.arrayContaining(['channel.created', 'channel.updated', 'channel.deleted']),
    );
    const updated = body.events.find(
      (event) => event.action === 'channel.updated' && (event.detail as { name?: string }).name === 'changed',
    );
    expect(updated?.detail).toMatchObject({
      changed: {
        webhookUrl: { replaced: true, origin: 'https://hooks.slack.com' },
        enabled: { from: true, to: false },
      },
    });
    expect(updated?.actor).toMatchObject({ kind: 'user', name: 'admin' });
    const text = JSON.stringify(body);
    for (const secret of [
      'slackSecretPart9876',
      'replacedSlackSecret1234',
      'dingtalkSecretToken5555',
      DINGTALK_SECRET,
    ])
      expect([secret, text.includes(secret)]).toEqual([secret, false]);
  });

  it('answers an unknown incident’s notifications with 404 and a bad id with 400', async () => {
    expect((await callApi(server, 'GET', `/api/incidents/${uuidv7()}/notifications`)).json).toMatchObject({
      code: 'INCIDENT_NOT_FOUND',
    });
    const bad = await callApi(server, 'GET', '/api/incidents/not-a-uuid/notifications');
    expect(bad).toMatchObject({ status: 400, json: { issues: [{ path: 'id' }] } });
    const badQuery = await callApi(server, 'GET', `/api/channels/${uuidv7()}/deliveries?status=lost`);
    expect(badQuery).toMatchObject({ status: 400, json: { issues: [{ path: 'status' }] } });
  });
});
