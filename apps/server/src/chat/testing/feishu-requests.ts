/**
 * Feishu/Lark as it calls FleetMedic, for specs, computed independently of the server's code: a callback
 * encrypted the way the Open Platform documents it (key = SHA-256 of the Encrypt Key, a random 16-byte IV
 * in front, AES-256-CBC with PKCS#7 padding, Base64, sent as `{"encrypt": …}`) and signed with
 * X-Lark-Signature = hex SHA-256 of timestamp + nonce + Encrypt Key + body.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import type { RunningServer } from '../../server';

export function encryptFeishu(plain: object, encryptKey: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(JSON.stringify(plain), 'utf8'), cipher.final()]).toString('base64');
}

export function signFeishu(timestamp: string, nonce: string, encryptKey: string, body: string): string {
  return createHash('sha256').update(`${timestamp}${nonce}${encryptKey}${body}`).digest('hex');
}

/** The card.action.trigger callback (schema 2.0) of a button pressed by `openId`. */
export function cardAction(options: {
  verificationToken: string;
  appId: string;
  openId: string;
  unionId?: string;
  value: unknown;
}): object {
  return {
    schema: '2.0',
    header: {
      event_id: randomBytes(16).toString('hex'),
      token: options.verificationToken,
      create_time: String(Date.now() * 1000),
      event_type: 'card.action.trigger',
      tenant_key: 'tenant-fleet',
      app_id: options.appId,
    },
    event: {
      operator: {
        tenant_key: 'tenant-fleet',
        open_id: options.openId,
        ...(options.unionId ? { union_id: options.unionId } : {}),
      },
      token: 'c-card-update-token',
      action: { value: options.value, tag: 'button' },
      host: 'im_message',
      context: { open_message_id: 'om_x100', open_chat_id: 'oc_a0553eda9014c201e6969b478895c230' },
    },
  };
}

export interface FeishuPost {
  status: number;
  json: Record<string, unknown>;
}

/** Posts `body` as Feishu would: signed with `encryptKey` unless `sign` is false. */
export async function postFeishu(
  server: Pick<RunningServer, 'url'>,
  body: string,
  options: { encryptKey?: string; timestamp?: number; nonce?: string; sign?: boolean } = {},
): Promise<FeishuPost> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? randomBytes(8).toString('hex');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.sign !== false && options.encryptKey !== undefined) {
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = signFeishu(timestamp, nonce, options.encryptKey, body);
  }
  const response = await fetch(`${server.url}/api/chat/feishu/card-actions`, {
    method: 'POST',
    headers,
    body,
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}
