/**
 * Integration: webhook URLs (their path and query: Slack's and Feishu's token is in the path, DingTalk's,
 * WeCom's and Teams' in the query) and signing secrets never show in an API answer nor in a log line, at
 * trace level, through ordinary use (create, read, change, test, an incident's messages) and hostile use (a
 * receiver that echoes the request back in its error, bad bodies carrying the secrets, refused URLs).
 */
import type { IncidentSummary } from '@fleetmedic/protocol';
import { type TestServer, liveSocket, startTestServer } from '../testing/test-server';
import { ApprovalLinksService } from '../chat/approval-links.service';
import { cardAction, encryptFeishu, postFeishu } from '../chat/testing/feishu-requests';
import { formBody, postSignedSlack, postSlack } from '../chat/testing/slack-requests';
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

/**
 * The secrets of approving from chat: a Slack app's signing secret, a Feishu app's secret, Verification
 * Token and Encrypt Key, and the signature of an approval link, through configuration, reading, tests,
 * approval links opened and tampered with, and chat callbacks refused while they carry those secrets.
 */
describe('approve-from-chat secrets', () => {
  let server: TestServer;
  let platform: WebhookReceiver;
  const answers: string[] = [];
  const secrets = {
    'slack signing secret': 'SlackSigningSecret0x5ecre7',
    'feishu app secret': 'FeishuAppSecret0x5ecre7',
    'feishu verification token': 'FeishuVerificationToken0x5ecre7',
    'feishu encrypt key': 'FeishuEncryptKey0x5ecre7',
    'replaced slack signing secret': 'ReplacedSlackSigning0x5ecre7',
  } as Record<string, string>;

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
      FLEETMEDIC_PUBLIC_URL: 'https://fleetmedic.example/',
    });
    platform = await WebhookReceiver.start();
    platform.answerAlways((request) =>
      request.url.startsWith('/open-apis/auth/v3/tenant_access_token/internal')
        ? {
            status: 200,
            body: JSON.stringify({ code: 0, msg: 'ok', tenant_access_token: 't-fleet-token', expire: 7200 }),
          }
        : request.url.startsWith('/open-apis/')
          ? { status: 200, body: JSON.stringify({ code: 0, msg: 'success', data: { message_id: 'om_1' } }) }
          : { status: 200, body: 'ok' },
    );
  });

  afterAll(async () => {
    await server.stop();
    await platform.close();
  });

  it('never appear in API answers nor in the logs, even in refused chat requests', async () => {
    const slack = await api('POST', '/api/channels', {
      name: 'slack app',
      type: 'slack',
      webhookUrl: platform.url('/services/T1/B1/slackhook'),
      slackSigningSecret: secrets['slack signing secret'],
    });
    expect(slack.status).toBe(201);
    const feishuApp = {
      appId: 'cli_a1b2c3d4e5f6',
      appSecret: secrets['feishu app secret']!,
      chatId: 'oc_a0553eda9014c201e6969b478895c230',
      verificationToken: secrets['feishu verification token']!,
      encryptKey: secrets['feishu encrypt key']!,
    };
    const feishu = await api('POST', '/api/channels', {
      name: 'feishu app',
      type: 'feishu',
      webhookUrl: platform.url('/open-apis/im/v1/messages?receive_id_type=chat_id'),
      feishuApp,
    });
    expect(feishu.status).toBe(201);
    const slackId = (slack.json as { id: string }).id;
    const feishuId = (feishu.json as { id: string }).id;

    await api('GET', '/api/channels');
    await api('GET', `/api/channels/${slackId}`);
    await api('GET', `/api/channels/${feishuId}`);
    for (const id of [slackId, feishuId]) await api('POST', `/api/channels/${id}/test`);
    await api('PATCH', `/api/channels/${slackId}`, {
      slackSigningSecret: secrets['replaced slack signing secret'],
    });
    await api('PATCH', `/api/channels/${feishuId}`, { feishuApp: { ...feishuApp, appId: 'cli_other' } });
    // refused changes that carry the secrets
    await api('PATCH', `/api/channels/${slackId}`, { feishuApp });
    await api('PATCH', `/api/channels/${feishuId}`, {
      slackSigningSecret: secrets['slack signing secret'],
    });
    await api('POST', '/api/channels', {
      name: 'bad',
      type: 'webhook',
      webhookUrl: platform.url('/hook'),
      slackSigningSecret: secrets['slack signing secret'],
      feishuApp,
    });

    // An approval link: opened, tampered with, cut.
    const token = server.app
      .get(ApprovalLinksService)
      .sign('00000000-0000-4000-8000-000000000000', 'spooler-rpc-internet');
    const [payload, mac] = token.split('.') as [string, string];
    secrets['approval link signature'] = mac;
    for (const value of [
      token,
      `${payload}x.${mac}`,
      `${payload}.${mac}.${mac}`,
      mac,
      `${'A'.repeat(3000)}.${mac}`,
      encodeURIComponent(`${payload}.${mac}<script>`),
    ])
      await api('GET', `/api/approval-links/${value}`);

    // Chat callbacks refused while they carry the secrets.
    const slackBody = formBody({ payload: secrets['slack signing secret'], mac });
    const now = Math.floor(Date.now() / 1000);
    const posts = [
      await postSlack(server, slackBody, {
        'x-slack-request-timestamp': String(now),
        'x-slack-signature': `v0=${secrets['slack signing secret']}`,
      }),
      await postSignedSlack(server, secrets['slack signing secret']!, slackBody),
      await postSignedSlack(server, secrets['replaced slack signing secret']!, `payload=${mac}`, now - 600),
      await postSlack(
        server,
        `payload=${encodeURIComponent(`{"token":"${secrets['slack signing secret']}"`)}`,
        {
          'x-slack-request-timestamp': secrets['slack signing secret']!,
          'x-slack-signature': mac,
        },
      ),
    ].map((post) => post.text);
    const feishuBodies = [
      JSON.stringify({ encrypt: secrets['feishu encrypt key'] }),
      JSON.stringify({
        encrypt: encryptFeishu(
          { challenge: mac, token: secrets['feishu app secret'], type: 'url_verification' },
          secrets['feishu encrypt key']!,
        ),
      }),
      JSON.stringify({
        encrypt: encryptFeishu(
          cardAction({
            verificationToken: secrets['feishu app secret']!,
            appId: 'cli_other',
            openId: 'ou_x',
            value: { token: secrets['feishu verification token'], mac },
          }),
          secrets['feishu encrypt key']!,
        ),
      }),
      JSON.stringify({
        challenge: mac,
        token: secrets['feishu verification token'],
        type: 'url_verification',
      }),
      `{"encrypt": "${secrets['feishu verification token']}`,
    ];
    for (const body of feishuBodies) {
      for (const encryptKey of [secrets['feishu encrypt key'], secrets['feishu app secret'], undefined]) {
        const response = await fetch(`${server.url}/api/chat/feishu/card-actions`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-lark-request-timestamp': String(now),
            'x-lark-request-nonce': secrets['feishu verification token']!,
            'x-lark-signature': encryptKey ?? mac,
          },
          body,
        });
        posts.push(await response.text());
      }
      posts.push(
        JSON.stringify((await postFeishu(server, body, { encryptKey: secrets['feishu encrypt key'] })).json),
      );
    }
    answers.push(...posts);
    await api('GET', '/api/audit?limit=500');
    await api('GET', '/api/channels');

    const logs = server.logs.join('\n');
    const everyAnswer = answers.join('\n');
    const leaks = Object.entries(secrets).flatMap(([what, value]) => [
      ...(logs.includes(value) ? [`${what} in the logs`] : []),
      ...(everyAnswer.includes(value) ? [`${what} in an API answer`] : []),
    ]);
    expect(leaks).toEqual([]);
    // The refusals did happen (and were logged).
    expect(everyAnswer).toContain('CHAT_REQUEST');
    expect(logs).toMatch(/refused/i);
  }, 60_000);
});
