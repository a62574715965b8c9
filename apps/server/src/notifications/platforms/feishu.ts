/**
 * Feishu / Lark custom bot, as Feishu documents it ("自定义机器人使用指南",
 * https://open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): a POST of
 * `{"msg_type": "interactive", "card": {config, header, elements}}` to the hook URL. Signing (签名校验):
 * HmacSHA256 keyed with the string `timestamp + "\n" + secret` over an empty message, Base64; the body then
 * carries `timestamp` (epoch seconds, as a string, within an hour) and `sign`. A custom bot takes 100
 * requests a minute and 5 a second, bodies up to 20 KB; code 11232 means throttled. Custom bot cards can
 * open links but not call back ("Card templates sent by custom bots only support static content ... do not
 * support submitting data to the developer's server via callback interactions",
 * https://open.feishu.cn/document/feishu-cards/quick-start/send-message-cards-with-custom-bot): their
 * "Approve fix" is the signed approval link.
 *
 * An app bot (a channel with `feishuApp`) sends the same card through the send-message API
 * (https://open.feishu.cn/document/server-docs/im-v1/message/create: POST
 * /open-apis/im/v1/messages?receive_id_type=chat_id with `{receive_id, msg_type: "interactive", content:
 * "<card JSON as a string>"}` and `Authorization: Bearer <tenant_access_token>`), and there "Approve fix" is
 * a button whose `value` comes back in the card callback (chat/feishu), behind a `confirm` dialog.
 */
import { createHmac } from 'node:crypto';
import type { AlertAction, AlertMessage, AlertTone } from '../alert-message';
import { APPROVE_ACTION_ID } from './approve-action';

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
      actions: message.actions.map((action) =>
        feishuButton(
          action,
          action === (message.actions.find((a) => a.id === 'approve-fix') ?? message.actions[0]),
        ),
      ),
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

function feishuButton(action: AlertAction, primary: boolean): unknown {
  const button = {
    tag: 'button',
    text: { tag: 'plain_text', content: action.label },
    type: primary ? 'primary' : 'default',
  };
  if (action.url !== null) return { ...button, url: action.url };
  if (!action.approve) return button;
  return {
    ...button,
    value: {
      action: APPROVE_ACTION_ID,
      incidentId: action.approve.incidentId,
      playbookId: action.approve.playbookId,
    },
    confirm: {
      title: { tag: 'plain_text', content: action.approve.confirm.title },
      text: { tag: 'plain_text', content: action.approve.confirm.text },
    },
  };
}

/** The body of the send-message API for an app bot: the card as a JSON string, to one chat. */
export function feishuAppMessage(storedBody: string, chatId: string): string {
  const { card } = JSON.parse(storedBody) as { card: unknown };
  return JSON.stringify({ receive_id: chatId, msg_type: 'interactive', content: JSON.stringify(card) });
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
