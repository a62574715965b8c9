/**
 * Integration: webhook URLs (their path and query: Slack's and Feishu's token is in the path, DingTalk's,
 * WeCom's and Teams' in the query) and signing secrets never show in an API answer nor in a log line, at
 * trace level, through ordinary use (create, read, change, test, an incident's messages) and hostile use (a
 * receiver that echoes the request back in its error, bad bodies carrying the secrets, refused URLs).
 */
import type { IncidentSummary } from '@fleetmedic/protocol';
import { type TestServer, liveSocket, startTestServer } from '../testing/test-server';
import { CaseAFleet } from './testing/case-a-fleet';
import { callApi } from './testing/channels-client';
import { PLATFORM_SUCCESS, WebhookReceiver } from './testing/webhook-receiver';

describe('channel secrets', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;
  /** Every secret the scenario handles, by what it is. */
  const secrets: Record<string, string> = {};
  /** The text of every API answer. */
  const answers: string[] = [];

  async function api(method: string, route: string, body?: unknown) {
    const answer = await callApi(server, method, route, body);
    answers.push(answer.text);
    return answer;
  }

  beforeAll(async () => {
    server = await startTestServer({
      LOG_LEVEL: 'trace',
      FLEETMEDIC_ALERT_ALLOW_HTTP: 'true',
      FLEETMEDIC_ALERT_ALLOWED_HOSTS: '127.0.0.1',
      FLEETMEDIC_ALERT_GROUP_WAIT_MS: '200',
      FLEETMEDIC_ALERT_MAX_ATTEMPTS: '2',
      FLEETMEDIC_ALERT_RETRY_BASE_MS: '50',
    });
    receiver = await WebhookReceiver.start(PLATFORM_SUCCESS.webhook);
  });

  afterAll(async () => {
    await server.stop();
    await receiver.close();
  });

  it('never appear in API answers nor in the logs', async () => {
    secrets['slack path token'] = 'SlackPathToken0x5ecre7';
    secrets['teams sig'] = 'TeamsSigQuery0x5ecre7';
    secrets['dingtalk access token'] = 'DingtalkAccessToken0x5ecre7';
    secrets['dingtalk signing secret'] = 'SECDingtalkSigning0x5ecre7';
    secrets['feishu hook id'] = 'FeishuHookId0x5ecre7';
    secrets['feishu signing secret'] = 'FeishuSigning0x5ecre7';
    secrets['wecom key'] = 'WecomKey0x5ecre7';
    secrets['webhook path'] = 'WebhookPath0x5ecre7';
    secrets['webhook signing secret'] = 'WebhookSigning0x5ecre7';
    const bodies = [
      {
        name: 'slack',
        type: 'slack',
        webhookUrl: receiver.url(`/services/T1/B1/${secrets['slack path token']}`),
      },
      {
        name: 'teams',
        type: 'teams',
        webhookUrl: receiver.url(
          `/workflows/1/triggers/manual/paths/invoke?api-version=1&sig=${secrets['teams sig']}`,
        ),
      },
      {
        name: 'dingtalk',
        type: 'dingtalk',
        webhookUrl: receiver.url(`/robot/send?access_token=${secrets['dingtalk access token']}`),
        signing: true,
        signingSecret: secrets['dingtalk signing secret'],
      },
      {
        name: 'feishu',
        type: 'feishu',
        webhookUrl: receiver.url(`/open-apis/bot/v2/hook/${secrets['feishu hook id']}`),
        signing: true,
        signingSecret: secrets['feishu signing secret'],
      },
      {
        name: 'wecom',
        type: 'wecom',
        webhookUrl: receiver.url(`/cgi-bin/webhook/send?key=${secrets['wecom key']}`),
      },
      {
        name: 'webhook',
        type: 'webhook',
        webhookUrl: receiver.url(`/${secrets['webhook path']}/in`),
        signingSecret: secrets['webhook signing secret'],
      },
    ];
    const ids: string[] = [];
    for (const body of bodies) {
      const created = await api('POST', '/api/channels', body);
      expect(created.status).toBe(201);
      ids.push((created.json as { id: string }).id);
    }

    // Ordinary use: read, change (a new secret), test each.
    await api('GET', '/api/channels');
    for (const id of ids) await api('GET', `/api/channels/${id}`);
    secrets['replaced webhook path'] = 'ReplacedWebhookPath0x5ecre7';
    secrets['replaced signing secret'] = 'ReplacedSigning0x5ecre7';
    await api('PATCH', `/api/channels/${ids[5]}`, {
      webhookUrl: receiver.url(`/${secrets['replaced webhook path']}/in`),
      signingSecret: secrets['replaced signing secret'],
    });
    for (const id of ids) expect((await api('POST', `/api/channels/${id}/test`)).status).toBe(200);

    // An incident told to every channel.
    const fleet = await CaseAFleet.start(server, { hosts: 3, affected: 2, prefix: 'SEC' });
    const live = await liveSocket(server);
    const opened = new Promise<IncidentSummary>((resolve) => live.once('incident.updated', resolve));
    await fleet.report(0, true);
    await fleet.report(1, true);
    const incident = await opened;
    live.close();
    await receiver.waitForAccepted(ids.length * 2);
    await api('GET', `/api/incidents/${incident.id}/notifications`);
    fleet.close();

    // Hostile: the receiver echoes the request (URL, headers, body) in its refusal; the answer is stored
    // as the delivery's last error and logged.
    receiver.answerAlways((request) => ({
      status: 400,
      body: JSON.stringify({
        error: 'bad request',
        saw: request.url,
        headers: request.headers,
        body: request.body,
      }),
    }));
    for (const id of ids)
      expect((await api('POST', `/api/channels/${id}/test`)).json).toMatchObject({ status: 'dead' });
    for (const id of ids) {
      await api('GET', `/api/channels/${id}/deliveries`);
      await api('GET', `/api/channels/${id}/deliveries?status=dead`);
    }
    await api('GET', '/api/channels');

    // Bad bodies carrying secrets, and refused URLs.
    secrets['secret in a bad body'] = 'SecretInABadBody0x5ecre7';
    await api('POST', '/api/channels', {
      name: 'bad',
      type: 'pager',
      webhookUrl: `https://hooks.example.com/${secrets['secret in a bad body']}`,
      signingSecret: secrets['secret in a bad body'],
    });
    secrets['secret in a refused url'] = 'SecretInARefusedUrl0x5ecre7';
    await api('POST', '/api/channels', {
      name: 'metadata',
      type: 'webhook',
      webhookUrl: `http://169.254.169.254/${secrets['secret in a refused url']}?token=${secrets['secret in a refused url']}`,
      signingSecret: 'short',
    });
    await api('PATCH', `/api/channels/${ids[0]}`, {
      webhookUrl: `ftp://${secrets['secret in a bad body']}.example/`,
    });
    await api('GET', '/api/audit?limit=500');

    const logs = server.logs.join('\n');
    const everyAnswer = answers.join('\n');
    const leaks = Object.entries(secrets).flatMap(([what, value]) => [
      ...(logs.includes(value) ? [`${what} in the logs`] : []),
      ...(everyAnswer.includes(value) ? [`${what} in an API answer`] : []),
    ]);
    expect(leaks).toEqual([]);
    // The scenario did exercise the paths it claims to: failures were logged and stored, scrubbed.
    expect(logs).toMatch(/Gave up delivery|refused delivery/);
    expect(everyAnswer).toContain('[redacted]');
  }, 60_000);
});
