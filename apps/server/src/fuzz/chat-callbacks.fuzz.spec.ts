/**
 * Property-based fuzzing of the two public chat callback routes against the real server, which has a Slack
 * channel with its app's signing secret and a Feishu app bot: malformed, oversized, binary, wrongly typed and
 * hostile bodies, unsigned, badly signed and correctly signed, are each answered with a clear 4xx (JSON with
 * the status, a code and a sentence); nothing is approved, no channel or chat identity changes, no 5xx, and
 * the server keeps serving.
 */
import { createHash, createHmac } from 'node:crypto';
import fc from 'fast-check';
import type { AuditList } from '@fleetmedic/protocol';
import { encryptFeishu, signFeishu } from '../chat/testing/feishu-requests';
import { callApi, createChannel } from '../notifications/testing/channels-client';
import { type TestServer, getJson, startTestServer } from '../testing/test-server';
import { CHAT_FUZZ_RUNS, FUZZ_SEED } from './fuzz-budget';
import { MAX_ERROR_CHARS } from './malformed';

const SLACK_SECRET = 'fuzz-slack-signing-secret-0123456789';
const FEISHU_APP = {
  appId: 'cli_fuzz0000000001',
  appSecret: 'fuzz-feishu-app-secret',
  chatId: 'oc_fuzz0000000000000000000000000001',
  verificationToken: 'fuzz-verification-token',
  encryptKey: 'fuzz-encrypt-key',
};
const SLACK_ROUTE = '/api/chat/slack/interactions';
const FEISHU_ROUTE = '/api/chat/feishu/card-actions';
/** Clear refusals: bad request, bad or missing signature, replay, too large, unreadable encoding. */
const CLEAR_REFUSALS = [400, 401, 409, 413, 415];

const contentTypes = fc.constantFrom<string | undefined>(
  undefined,
  'application/x-www-form-urlencoded',
  'application/json',
  'application/json; charset=utf-16',
  'text/plain',
  'text/xml',
  'application/octet-stream',
  'multipart/form-data; boundary=----x',
  'image/png',
  '',
);

/** Bodies of every kind: binary, text, JSON of any shape, forms whose payload is anything. */
const anyBody: fc.Arbitrary<Uint8Array | string> = fc.oneof(
  fc.uint8Array({ maxLength: 2048 }),
  fc.string({ unit: 'binary', maxLength: 512 }),
  fc.string({ maxLength: 512 }),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.anything({ maxDepth: 3 }).map((value) => JSON.stringify(value) ?? 'undefined'),
  fc
    .oneof(
      fc.string({ maxLength: 200 }),
      fc.jsonValue().map((value) => JSON.stringify(value)),
    )
    .map((payload) => new URLSearchParams({ payload }).toString()),
  fc
    .jsonValue()
    .map((value) =>
      new URLSearchParams({ payload: JSON.stringify({ type: 'block_actions', value }) }).toString(),
    ),
  fc.jsonValue().map((value) => JSON.stringify({ encrypt: value })),
  fc.string({ maxLength: 300 }).map((encrypt) => JSON.stringify({ encrypt })),
  fc
    .uint8Array({ minLength: 32, maxLength: 256 })
    .map((bytes) => JSON.stringify({ encrypt: Buffer.from(bytes).toString('base64') })),
  fc.constantFrom(
    '',
    '{',
    'payload=',
    'payload=%7B',
    'payload=%ZZ',
    '{"encrypt":""}',
    '{"__proto__":{"encrypt":"x"}}',
    '{"constructor":{"prototype":{"approved":true}}}',
    'payload={"type":"block_actions","actions":[{"action_id":"approve-fix","value":"../../etc/passwd"}]}',
    '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>',
    '\u0000\u0000\u0000',
    '\ufeff{"encrypt":"AAAA"}',
  ),
);

/** Header values hostile or merely wrong. */
const anyHeaderValue = fc.oneof(
  fc.constant(undefined),
  fc.string({ maxLength: 80 }).map((value) => value.replace(/[^\x20-\x7e]/g, '')),
  fc.constantFrom('0', '-1', '99999999999999999999', 'v0=', 'v0=00', '1e9', 'NaN', ' '),
  fc.constant(String(Math.floor(Date.now() / 1000))),
);

interface Answer {
  status: number;
  text: string;
}

async function post(
  server: TestServer,
  route: string,
  body: Uint8Array | string,
  headers: Record<string, string | undefined>,
): Promise<Answer> {
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) sent[name] = value;
  const response = await fetch(`${server.url}${route}`, { method: 'POST', headers: sent, body });
  return { status: response.status, text: await response.text() };
}

/** What is wrong with the answer to a refused request, or null when it is a clear 4xx. */
function problemWith(answer: Answer): string | null {
  const { status, text } = answer;
  if (!CLEAR_REFUSALS.includes(status)) return `status ${status}: ${text.slice(0, 300)}`;
  if (text.length > MAX_ERROR_CHARS) return `an answer of ${text.length} characters`;
  let body: { statusCode?: unknown; code?: unknown; message?: unknown };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return `not JSON: ${text.slice(0, 300)}`;
  }
  if (body.statusCode !== status) return `statusCode ${String(body.statusCode)} in a ${status}`;
  if (typeof body.code !== 'string' || body.code === '') return `no code: ${text.slice(0, 300)}`;
  if (typeof body.message !== 'string' || body.message.length < 20)
    return `vague message: ${String(body.message)}`;
  return null;
}

describe('fuzzing the chat callback routes', () => {
  let server: TestServer;
  let channelsBefore: string;
  let nonce = 0;

  const expectRefused = async (answer: Promise<Answer>) => {
    expect(problemWith(await answer)).toBeNull();
  };
  const settings = (numRuns: number) => ({ numRuns, seed: FUZZ_SEED, endOnFailure: true });

  beforeAll(async () => {
    server = await startTestServer({
      FLEETMEDIC_ALERT_ALLOW_HTTP: 'true',
      FLEETMEDIC_ALERT_ALLOWED_HOSTS: '127.0.0.1',
    });
    await createChannel(server, {
      type: 'slack',
      webhookUrl: 'http://127.0.0.1:9/services/T1/B1/fuzz',
      slackSigningSecret: SLACK_SECRET,
    });
    await createChannel(server, {
      type: 'feishu',
      webhookUrl: 'http://127.0.0.1:9/open-apis/im/v1/messages?receive_id_type=chat_id',
      feishuApp: FEISHU_APP,
    });
    channelsBefore = (await callApi(server, 'GET', '/api/channels')).text;
  });

  afterAll(async () => {
    await server.stop();
  });

  it('refuses unsigned and badly signed Slack requests of any body, content type and headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyBody,
        contentTypes,
        anyHeaderValue,
        anyHeaderValue,
        async (body, contentType, timestamp, signature) =>
          expectRefused(
            post(server, SLACK_ROUTE, body, {
              'content-type': contentType,
              'x-slack-request-timestamp': timestamp,
              'x-slack-signature': signature,
            }),
          ),
      ),
      settings(CHAT_FUZZ_RUNS.slackUnsigned),
    );
  }, 120_000);

  it('refuses correctly signed Slack requests whose body is not Slack’s payload', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, contentTypes, async (body, contentType) => {
        const timestamp = Math.floor(Date.now() / 1000);
        const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
        // The body is signed as the bytes sent (a unique prefix keeps each signature new).
        nonce += 1;
        const sent = Buffer.concat([Buffer.from(`x${nonce}=1&`), bytes]);
        const signature = `v0=${createHmac('sha256', SLACK_SECRET)
          .update(Buffer.concat([Buffer.from(`v0:${timestamp}:`), sent]))
          .digest('hex')}`;
        const answer = await post(server, SLACK_ROUTE, sent, {
          'content-type': contentType,
          'x-slack-request-timestamp': String(timestamp),
          'x-slack-signature': signature,
        });
        // A signed payload of another type (or without the approve action) is acknowledged and ignored.
        if (answer.status === 200 && answer.text === '') return;
        expect(problemWith(answer)).toBeNull();
      }),
      settings(CHAT_FUZZ_RUNS.slackSigned),
    );
  }, 120_000);

  it('refuses unsigned and badly signed Feishu callbacks of any body, content type and headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyBody,
        contentTypes,
        anyHeaderValue,
        anyHeaderValue,
        anyHeaderValue,
        async (body, contentType, timestamp, nonceHeader, signature) =>
          expectRefused(
            post(server, FEISHU_ROUTE, body, {
              'content-type': contentType,
              'x-lark-request-timestamp': timestamp,
              'x-lark-request-nonce': nonceHeader,
              'x-lark-signature': signature,
            }),
          ),
      ),
      settings(CHAT_FUZZ_RUNS.feishuUnsigned),
    );
  }, 120_000);

  it('refuses correctly signed Feishu callbacks whose body is not an encrypted card action', async () => {
    await fc.assert(
      fc.asyncProperty(anyBody, contentTypes, async (body, contentType) => {
        const text = typeof body === 'string' ? body : Buffer.from(body).toString('latin1');
        const sent = Buffer.from(text, typeof body === 'string' ? 'utf8' : 'latin1');
        const timestamp = String(Math.floor(Date.now() / 1000));
        nonce += 1;
        const nonceHeader = `n${nonce}`;
        const signature = createHash('sha256')
          .update(Buffer.concat([Buffer.from(`${timestamp}${nonceHeader}${FEISHU_APP.encryptKey}`), sent]))
          .digest('hex');
        await expectRefused(
          post(server, FEISHU_ROUTE, sent, {
            'content-type': contentType,
            'x-lark-request-timestamp': timestamp,
            'x-lark-request-nonce': nonceHeader,
            'x-lark-signature': signature,
          }),
        );
      }),
      settings(CHAT_FUZZ_RUNS.feishuSigned),
    );
  }, 120_000);

  it('refuses signed Feishu callbacks that decrypt to anything but a card action or challenge of the app', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), fc.boolean(), async (plain, asObject) => {
        const encrypt = encryptFeishu(
          (asObject && (typeof plain !== 'object' || plain === null) ? { value: plain } : plain) as object,
          FEISHU_APP.encryptKey,
        );
        const body = JSON.stringify({ encrypt });
        const timestamp = String(Math.floor(Date.now() / 1000));
        nonce += 1;
        await expectRefused(
          post(server, FEISHU_ROUTE, body, {
            'content-type': 'application/json',
            'x-lark-request-timestamp': timestamp,
            'x-lark-request-nonce': `n${nonce}`,
            'x-lark-signature': signFeishu(timestamp, `n${nonce}`, FEISHU_APP.encryptKey, body),
          }),
        );
      }),
      settings(CHAT_FUZZ_RUNS.feishuEncrypted),
    );
  }, 120_000);

  it('refuses oversized and compressed bodies on both routes', async () => {
    const large = 'a'.repeat(1024 * 1024 + 1);
    for (const route of [SLACK_ROUTE, FEISHU_ROUTE]) {
      const tooLarge = await post(server, route, large, { 'content-type': 'application/json' });
      expect([tooLarge.status, problemWith(tooLarge)]).toEqual([413, null]);
      const gzip = await post(server, route, Buffer.from([0x1f, 0x8b, 0, 0]), {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      });
      expect([gzip.status, problemWith(gzip)]).toEqual([415, null]);
    }
  }, 60_000);

  it('approved nothing, changed no channel nor chat identity, and still serves', async () => {
    expect((await getJson(server, '/api/health')).status).toBe(200);
    const approved = await getJson<AuditList>(server, '/api/audit?action=remediation.approved');
    expect(approved.body.events).toEqual([]);
    const { body } = await getJson<{ rollouts: unknown[] }>(server, '/api/rollouts');
    expect(body.rollouts).toEqual([]);
    expect((await callApi(server, 'GET', '/api/channels')).text).toBe(channelsBefore);
    const linked = await getJson<AuditList>(server, '/api/audit?action=chat_identity.linked');
    expect(linked.body.events).toEqual([]);
  }, 30_000);
});
