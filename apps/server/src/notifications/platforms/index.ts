/**
 * Each platform in one place: how a message becomes its body, how a stored body becomes a signed request at
 * the time of an attempt, what its answers mean, and how fast it may be sent to.
 */
import type { ChannelType, FeishuApp } from '@fleetmedic/protocol';
import type { AlertMessage } from '../alert-message';
import type { WebhookRequest, WebhookResponse } from '../webhook-sender';
import { renderDingtalk, signDingtalkUrl } from './dingtalk';
import { feishuAppMessage, renderFeishu, signFeishuBody } from './feishu';
import { renderSlack } from './slack';
import { renderTeams } from './teams';
import { renderWebhook, webhookSignature } from './webhook';
import { renderWecom } from './wecom';

export interface ChannelRate {
  perMinute: number;
  /** A shorter burst limit some platforms document. */
  perSecond: number | null;
}

/**
 * Default send rates: DingTalk and WeCom document 20 messages a minute per robot, Feishu 100 a minute and 5
 * a second per custom bot, Slack one message a second per webhook (short bursts tolerated). Teams Workflows
 * and generic receivers document none: one a second keeps a chat readable.
 */
export const DEFAULT_RATES: Record<ChannelType, ChannelRate> = {
  slack: { perMinute: 60, perSecond: 1 },
  teams: { perMinute: 60, perSecond: 1 },
  dingtalk: { perMinute: 20, perSecond: null },
  feishu: { perMinute: 100, perSecond: 5 },
  wecom: { perMinute: 20, perSecond: null },
  webhook: { perMinute: 60, perSecond: null },
};

export function renderBody(type: ChannelType, message: AlertMessage, deliveryId: string): string {
  switch (type) {
    case 'slack':
      return JSON.stringify(renderSlack(message));
    case 'teams':
      return JSON.stringify(renderTeams(message));
    case 'dingtalk':
      return JSON.stringify(renderDingtalk(message));
    case 'feishu':
      return JSON.stringify(renderFeishu(message));
    case 'wecom':
      return JSON.stringify(renderWecom(message));
    case 'webhook':
      return JSON.stringify(renderWebhook(message, deliveryId));
  }
}

export interface SendingChannel {
  type: ChannelType;
  webhookUrl: string;
  signing: boolean;
  signingSecret: string | null;
  /** Feishu: send as this app bot through the send-message API. */
  feishuApp?: FeishuApp | null;
}

/** Credentials fetched before an attempt: a Feishu app bot's tenant_access_token. */
export interface SendingCredentials {
  feishuTenantToken?: string;
}

export interface SendingDelivery {
  id: string;
  kind: string;
  body: string;
}

export function buildRequest(
  channel: SendingChannel,
  delivery: SendingDelivery,
  nowMs: number,
  userAgent: string,
  credentials: SendingCredentials = {},
): WebhookRequest {
  const url = new URL(channel.webhookUrl);
  const headers: Record<string, string> = {
    'content-type': 'application/json; charset=utf-8',
    'user-agent': userAgent,
  };
  const secret = channel.signing ? channel.signingSecret : null;
  switch (channel.type) {
    case 'dingtalk':
      return { url: secret ? signDingtalkUrl(url, secret, nowMs) : url, headers, body: delivery.body };
    case 'feishu': {
      if (channel.feishuApp) {
        if (credentials.feishuTenantToken === undefined)
          throw new Error('a Feishu app bot needs its tenant_access_token');
        headers.authorization = `Bearer ${credentials.feishuTenantToken}`;
        return { url, headers, body: feishuAppMessage(delivery.body, channel.feishuApp.chatId) };
      }
      const body = secret
        ? JSON.stringify(signFeishuBody(JSON.parse(delivery.body) as Record<string, unknown>, secret, nowMs))
        : delivery.body;
      return { url, headers, body };
    }
    case 'webhook': {
      const timestamp = Math.floor(nowMs / 1000);
      headers['x-fleetmedic-delivery'] = delivery.id;
      headers['x-fleetmedic-event'] = delivery.kind;
      if (secret) {
        headers['x-fleetmedic-timestamp'] = String(timestamp);
        headers['x-fleetmedic-signature'] = webhookSignature(secret, timestamp, delivery.body);
      }
      return { url, headers, body: delivery.body };
    }
    case 'slack':
    case 'teams':
    case 'wecom':
      return { url, headers, body: delivery.body };
  }
}

export type AnswerOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; error: string; retryAfterMs: number | null }
  | { kind: 'rate-limited'; error: string; retryAfterMs: number }
  | { kind: 'permanent'; error: string };

const DEFAULT_RATE_LIMIT_PAUSE_MS = 60_000;
/** DingTalk throttles a robot that exceeded its rate for 10 minutes. */
const DINGTALK_THROTTLE_MS = 10 * 60_000;

/** `Retry-After` as seconds or an HTTP date, in milliseconds from now. */
export function retryAfterMs(header: string | string[] | undefined, nowMs: number): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

function jsonOf(body: string): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The platform's own error code in a 200 answer (DingTalk and WeCom `errcode`, Feishu `code`). */
function platformCode(type: ChannelType, body: string): { code: number; message: string } | null {
  const json = jsonOf(body);
  if (json === null) return null;
  const raw = type === 'feishu' ? (json.code ?? json.StatusCode) : json.errcode;
  const message = type === 'feishu' ? (json.msg ?? json.StatusMessage) : json.errmsg;
  return typeof raw === 'number' ? { code: raw, message: typeof message === 'string' ? message : '' } : null;
}

function snippet(body: string): string {
  const text = body.replace(/\s+/g, ' ').trim();
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

export function classifyAnswer(type: ChannelType, response: WebhookResponse, nowMs: number): AnswerOutcome {
  const status = response.statusCode;
  const after = retryAfterMs(response.headers['retry-after'], nowMs);
  if (status === 429)
    return {
      kind: 'rate-limited',
      error: `HTTP 429 (rate limited)${after === null ? '' : `, retry after ${Math.round(after / 1000)} s`}`,
      retryAfterMs: after ?? DEFAULT_RATE_LIMIT_PAUSE_MS,
    };
  if (status === 408 || status >= 500)
    return { kind: 'retry', error: `HTTP ${status}: ${snippet(response.body)}`, retryAfterMs: after };
  if (status < 200 || status >= 300)
    return { kind: 'permanent', error: `HTTP ${status}: ${snippet(response.body)}` };
  if (type !== 'dingtalk' && type !== 'wecom' && type !== 'feishu') return { kind: 'delivered' };
  const answer = platformCode(type, response.body);
  if (answer === null || answer.code === 0) return { kind: 'delivered' };
  const error = `${type} error ${answer.code}: ${snippet(answer.message)}`;
  if (type === 'dingtalk' && answer.code === 130101)
    return { kind: 'rate-limited', error, retryAfterMs: DINGTALK_THROTTLE_MS };
  // Feishu's send-message API: the tenant_access_token is invalid or expired; a new one is fetched.
  if (type === 'feishu' && [99991661, 99991663, 99991668].includes(answer.code))
    return { kind: 'retry', error, retryAfterMs: null };
  if ((type === 'wecom' && answer.code === 45009) || (type === 'feishu' && answer.code === 11232))
    return { kind: 'rate-limited', error, retryAfterMs: DEFAULT_RATE_LIMIT_PAUSE_MS };
  // -1: "system busy" on DingTalk and WeCom
  if (answer.code === -1) return { kind: 'retry', error, retryAfterMs: null };
  return { kind: 'permanent', error };
}
