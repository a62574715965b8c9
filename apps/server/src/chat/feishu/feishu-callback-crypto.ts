/**
 * Feishu/Lark callbacks sent to a developer's server, as Feishu documents them ("将回调发送至开发者服务器"
 * and "接收回调", https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/event-subscription-guide/callback-subscription/receive-and-handle-callbacks):
 *
 * - Signature (签名校验, with an Encrypt Key set): concatenate the headers `X-Lark-Request-Timestamp` and
 *   `X-Lark-Request-Nonce` and the Encrypt Key, UTF-8, then the raw body bytes; SHA-256 (a plain hash, not
 *   an HMAC), hex; it must equal `X-Lark-Signature`. The Open Platform SDK for Node computes it the same
 *   way (larksuite/node-sdk, dispatcher/request-handle.ts, checkIsEventValidated).
 * - Encryption: the body is `{"encrypt": base64}`; the key is SHA-256 of the Encrypt Key, the first 16
 *   bytes of the decoded value are the IV, the rest is AES-256-CBC with PKCS#7 padding, the plaintext the
 *   callback's JSON (larksuite/node-sdk, utils/aes-cipher.ts).
 * - The decrypted JSON carries the app's Verification Token (`header.token` in a schema 2.0 callback, `token`
 *   in the url_verification challenge).
 */
import { createDecipheriv, createHash, timingSafeEqual } from 'node:crypto';

export function feishuSignature(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: Buffer,
): string {
  return createHash('sha256')
    .update(Buffer.from(`${timestamp}${nonce}${encryptKey}`, 'utf8'))
    .update(rawBody)
    .digest('hex');
}

export function feishuSignatureMatches(
  timestamp: string,
  nonce: string,
  encryptKey: string,
  rawBody: Buffer,
  signature: string,
): boolean {
  const expected = Buffer.from(feishuSignature(timestamp, nonce, encryptKey, rawBody), 'utf8');
  const given = Buffer.from(signature.toLowerCase(), 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The callback's JSON, or null when `encrypt` does not decrypt with this key into JSON. */
export function decryptFeishu(encrypt: string, encryptKey: string): unknown {
  try {
    const data = Buffer.from(encrypt, 'base64');
    if (data.length < 32 || data.length % 16 !== 0) return null;
    const key = createHash('sha256').update(encryptKey, 'utf8').digest();
    const decipher = createDecipheriv('aes-256-cbc', key, data.subarray(0, 16));
    const plain = Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]).toString('utf8');
    return JSON.parse(plain) as unknown;
  } catch {
    return null;
  }
}

export function sameSecret(a: string, b: string): boolean {
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(left, right);
}
