/**
 * tenant_access_tokens of Feishu app bots, fetched and cached per app. As Feishu documents it
 * (https://open.feishu.cn/document/server-docs/authentication-management/access-token/tenant_access_token_internal):
 * POST /open-apis/auth/v3/tenant_access_token/internal with `{app_id, app_secret}` answers `{code: 0,
 * tenant_access_token, expire}` (seconds, two hours at most); a token is used as `Authorization: Bearer`.
 * The endpoint is on the origin of the channel's send-message URL (open.feishu.cn, or open.larksuite.com for
 * Lark), through the same URL policy as every webhook.
 */
import { createHash } from 'node:crypto';
import type { FeishuApp } from '@fleetmedic/protocol';
import { type SendSettings, WebhookRefused, sendWebhook } from './webhook-sender';

/** Fetch a new token this long before the cached one expires. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export class FeishuTenantTokens {
  private readonly cache = new Map<string, { token: string; until: number }>();

  async token(app: FeishuApp, apiUrl: string, settings: SendSettings, nowMs = Date.now()): Promise<string> {
    const origin = new URL(apiUrl).origin;
    const key = this.keyOf(app, origin);
    const cached = this.cache.get(key);
    if (cached && cached.until > nowMs) return cached.token;
    const response = await sendWebhook(
      {
        url: new URL('/open-apis/auth/v3/tenant_access_token/internal', origin),
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify({ app_id: app.appId, app_secret: app.appSecret }),
      },
      settings,
    );
    let answer: { code?: unknown; msg?: unknown; tenant_access_token?: unknown; expire?: unknown } = {};
    try {
      answer = JSON.parse(response.body) as typeof answer;
    } catch {
      answer = {};
    }
    if (response.statusCode >= 500 || response.statusCode === 429)
      throw new Error(`Feishu's token endpoint answered HTTP ${response.statusCode}`);
    if (answer.code !== 0 || typeof answer.tenant_access_token !== 'string')
      // Wrong app id or secret: retrying the same credentials will not help.
      throw new WebhookRefused(
        `Feishu refused the app's credentials (HTTP ${response.statusCode}, code ${String(answer.code)}: ${
          typeof answer.msg === 'string' ? answer.msg.slice(0, 200) : 'no message'
        }); check the App ID and App Secret`,
      );
    const expire = typeof answer.expire === 'number' && answer.expire > 0 ? answer.expire : 7200;
    this.cache.set(key, {
      token: answer.tenant_access_token,
      until: nowMs + expire * 1000 - REFRESH_MARGIN_MS,
    });
    return answer.tenant_access_token;
  }

  /** Drops the cached token (Feishu said it is invalid). */
  forget(app: FeishuApp, apiUrl: string): void {
    this.cache.delete(this.keyOf(app, new URL(apiUrl).origin));
  }

  private keyOf(app: FeishuApp, origin: string): string {
    return `${origin} ${app.appId} ${createHash('sha256').update(app.appSecret).digest('hex')}`;
  }
}
