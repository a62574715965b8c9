/**
 * Feishu / Lark custom bot, as Feishu documents it ("自定义机器人使用指南",
 * https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): a POST of
 * `{"msg_type": "interactive", "card": {config, header, elements}}` to the hook URL. Signing (签名校验):
 * HmacSHA256 keyed with the string `timestamp + "\n" + secret` over an empty message, Base64; the body then
 * carries `timestamp` (epoch seconds, as a string, within an hour) and `sign`. A custom bot takes 100
 * requests a minute and 5 a second, bodies up to 20 KB; code 11232 means throttled. Custom bot cards can
 * open links but not call back: approving from Feishu will need an app bot's card callback.
 */
import { createHmac } from 'node:crypto';
import type { AlertMessage, AlertTone } from '../alert-message';

const TEMPLATE: Record<AlertTone, string> = { alert: 'red', good: 'green', info: 'blue' };

export function renderFeishu(message: AlertMessage): unknown {
  const elements: unknown[] = [{ tag: 'div', text: { tag: 'lark_md', content: message.summary } }];
  if (message.facts.length > 0)
    elements.push({
      tag: 'div',
      fields: message.facts.map((fact) => ({
        is_short: false,
        text: { tag: 'lark_md', content: `**${fact.label}**\n${fact.value}` },
      })),
    });
  if (message.actions.length > 0)
    elements.push({
      tag: 'action',
      actions: message.actions.map((action) => ({
        tag: 'button',
        text: { tag: 'plain_text', content: action.label },
        type: 'primary',
        url: action.url,
      })),
    });
  const note = message.linkNote === null ? message.footer : `${message.linkNote} ${message.footer}`;
  elements.push({ tag: 'note', elements: [{ tag: 'plain_text', content: note }] });
  return {
    msg_type: 'interactive',
    card: {
      config: { wide_screen_mode: true },
      header: { title: { tag: 'plain_text', content: message.title }, template: TEMPLATE[message.tone] },
      elements,
    },
  };
}

/** Base64 of HmacSHA256 keyed with `timestamp + "\n" + secret` over nothing. */
export function feishuSignature(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

/** The body with `timestamp` and `sign` first, as Feishu's examples put them. */
export function signFeishuBody(body: Record<string, unknown>, secret: string, nowMs: number): object {
  const timestamp = Math.floor(nowMs / 1000);
  return { timestamp: String(timestamp), sign: feishuSignature(secret, timestamp), ...body };
}
