/**
 * Integration: approving from a Feishu app bot's card. The channel sends through the send-message API with a
 * tenant_access_token (a local server stands in for the Open Platform); the card's Approve button carries
 * the incident and playbook. Callbacks are made as Feishu documents them (encrypted with the Encrypt Key,
 * X-Lark-Signature): the url_verification challenge is answered, a verified card action from a linked
 * approver starts the fix as that approver, and a bad signature, a stale or replayed request, a wrong
 * Verification Token and an unknown user are refused and audited.
 */
import type { AuditList, IncidentSummary, RolloutView } from '@fleetmedic/protocol';
import { type FixingAgent, fixingAgent } from '../testing/fixing-agent';
import { createUser } from '../testing/sign-in';
import { type TestServer, enroll, getJson, liveSocket, startTestServer } from '../testing/test-server';
import { callApi, createChannel } from '../notifications/testing/channels-client';
import { WebhookReceiver } from '../notifications/testing/webhook-receiver';
import { cardAction, encryptFeishu, postFeishu } from './testing/feishu-requests';

const APP = {
  appId: 'cli_a1b2c3d4e5f6',
  appSecret: 'feishu-app-secret-0123',
  chatId: 'oc_a0553eda9014c201e6969b478895c230',
  verificationToken: 'feishu-verification-token',
  encryptKey: 'feishu-encrypt-key-0123',
};
const APPROVER_OPEN_ID = 'ou_7d8a6e6df7621556ce0d21922b676706';

describe('approving from a Feishu app bot card', () => {
  let server: TestServer;
  let openPlatform: WebhookReceiver;
  let agent: FixingAgent;
  let incident: IncidentSummary;
  let approveValue: unknown;

  const refusals = async () =>
    (await getJson<AuditList>(server, '/api/audit?action=chat.approval.refused')).body.events;
  const pressed = (openId: string, overrides: Partial<typeof APP> = {}) =>
    JSON.stringify({
      encrypt: encryptFeishu(
        cardAction({
          verificationToken: overrides.verificationToken ?? APP.verificationToken,
          appId: APP.appId,
          openId,
          value: approveValue,
        }),
        APP.encryptKey,
      ),
    });

  beforeAll(async () => {
    server = await startTestServer({
      FLEETMEDIC_ALERT_ALLOW_HTTP: 'true',
      FLEETMEDIC_ALERT_ALLOWED_HOSTS: '127.0.0.1',
      FLEETMEDIC_ALERT_GROUP_WAIT_MS: '200',
      FLEETMEDIC_ALERT_REPEAT_INTERVAL_MS: '0',
    });
    openPlatform = await WebhookReceiver.start();
    openPlatform.answerAlways((request) =>
      request.url.startsWith('/open-apis/auth/v3/tenant_access_token/internal')
        ? {
            status: 200,
            body: JSON.stringify({ code: 0, msg: 'ok', tenant_access_token: 't-fleet-token', expire: 7200 }),
          }
        : { status: 200, body: JSON.stringify({ code: 0, msg: 'success', data: { message_id: 'om_1' } }) },
    );
    await createChannel(server, {
      type: 'feishu',
      language: 'zh-CN',
      webhookUrl: openPlatform.url('/open-apis/im/v1/messages?receive_id_type=chat_id'),
      feishuApp: APP,
    });
    const approver = await createUser(server, 'feishu-approver', 'approver');
    const linked = await callApi(server, 'POST', `/api/users/${approver.id}/chat-identities`, {
      platform: 'feishu',
      openId: APPROVER_OPEN_ID,
    });
    if (linked.status !== 201) throw new Error(`link: ${linked.text}`);
    agent = await fixingAgent(server, await enroll(server, 'PC-FEISHU-1'), 'PC-FEISHU-1', 'hold');
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
    await openPlatform.close();
  });

  it('sends the card as the app bot, with an Approve button that calls back', async () => {
    const [token, message] = await openPlatform.waitForAccepted(2);
    expect(token!.url).toBe('/open-apis/auth/v3/tenant_access_token/internal');
    expect(token!.json).toEqual({ app_id: APP.appId, app_secret: APP.appSecret });
    expect(message!.url).toBe('/open-apis/im/v1/messages?receive_id_type=chat_id');
    expect(message!.headers.authorization).toBe('Bearer t-fleet-token');
    const body = message!.json as { receive_id: string; msg_type: string; content: string };
    expect(body).toMatchObject({ receive_id: APP.chatId, msg_type: 'interactive' });
    const card = JSON.parse(body.content) as {
      elements: { tag: string; actions?: Record<string, unknown>[] }[];
    };
    const button = card.elements.find((element) => element.tag === 'action')!.actions![0]!;
    expect(button).toMatchObject({
      tag: 'button',
      text: { tag: 'plain_text', content: '批准修复' },
      type: 'primary',
      value: { action: 'approve-fix', incidentId: incident.id, playbookId: 'spooler-rpc-internet' },
      confirm: { title: { tag: 'plain_text', content: '批准修复？' } },
    });
    expect(button.url).toBeUndefined();
    approveValue = button.value;
  });

  it('answers the url_verification challenge encrypted with the app’s key, and only with its token', async () => {
    const challenge = (token: string) =>
      JSON.stringify({
        encrypt: encryptFeishu({ challenge: 'c-7e3a', token, type: 'url_verification' }, APP.encryptKey),
      });
    expect(await postFeishu(server, challenge(APP.verificationToken))).toEqual({
      status: 200,
      json: { challenge: 'c-7e3a' },
    });
    expect((await postFeishu(server, challenge('another-token'))).status).toBe(401);
  });

  it('refuses a bad signature, a stale timestamp and a wrong Verification Token, audited', async () => {
    const body = pressed(APPROVER_OPEN_ID);
    expect((await postFeishu(server, body, { encryptKey: 'not-the-encrypt-key' })).status).toBe(401);
    const stale = await postFeishu(server, body, {
      encryptKey: APP.encryptKey,
      timestamp: Math.floor(Date.now() / 1000) - 600,
    });
    expect(stale).toMatchObject({ status: 401, json: { code: 'CHAT_REQUEST_STALE' } });
    const wrongToken = pressed(APPROVER_OPEN_ID, { verificationToken: 'forged-token' });
    expect((await postFeishu(server, wrongToken, { encryptKey: APP.encryptKey })).status).toBe(401);
    const reasons = (await refusals()).map((event) => event.detail.reason);
    expect(reasons.filter((reason) => reason === 'bad-signature')).toHaveLength(3);
    expect(reasons.filter((reason) => reason === 'stale-timestamp')).toHaveLength(1);
  });

  it('refuses a Feishu user no FleetMedic user is linked to, with a toast, audited', async () => {
    const answer = await postFeishu(server, pressed('ou_00000000000000000000000000000000'), {
      encryptKey: APP.encryptKey,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      toast: { type: 'error', content: expect.stringContaining('尚未关联') },
    });
    expect((await refusals()).filter((event) => event.detail.reason === 'unknown-user')).toHaveLength(1);
  });

  it('starts the fix for a verified card action from a linked approver, then refuses its replay', async () => {
    const body = pressed(APPROVER_OPEN_ID);
    const timestamp = Math.floor(Date.now() / 1000);
    const answer = await postFeishu(server, body, { encryptKey: APP.encryptKey, timestamp, nonce: 'n-1' });
    expect(answer).toMatchObject({
      status: 200,
      json: {
        toast: {
          type: 'success',
          content: expect.stringContaining('feishu-approver 批准了修复剧本 spooler-rpc-internet'),
          i18n: { en_us: expect.stringContaining('feishu-approver approved playbook spooler-rpc-internet') },
        },
      },
    });
    const { body: list } = await getJson<{ rollouts: RolloutView[] }>(
      server,
      `/api/rollouts?incident=${incident.id}`,
    );
    expect(list.rollouts).toEqual([
      expect.objectContaining({
        status: 'running',
        approvedBy: expect.objectContaining({ username: 'feishu-approver' }),
      }),
    ]);
    const [approved] = (await getJson<AuditList>(server, '/api/audit?action=remediation.approved')).body
      .events;
    expect(approved).toMatchObject({ actor: { name: 'feishu-approver' }, detail: { via: 'feishu' } });

    const replay = await postFeishu(server, body, { encryptKey: APP.encryptKey, timestamp, nonce: 'n-1' });
    expect(replay).toMatchObject({ status: 409, json: { code: 'CHAT_REQUEST_REPLAYED' } });
    expect((await refusals()).filter((event) => event.detail.reason === 'replayed')).toHaveLength(1);
  });
});
