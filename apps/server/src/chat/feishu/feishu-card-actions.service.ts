/**
 * The Feishu/Lark card callback of an app bot's "Approve fix" button (卡片回传交互, `card.action.trigger`,
 * https://open.feishu.cn/document/uAjLw4CM/ukzMukzMukzM/feishu-cards/card-callback-communication), and the
 * `url_verification` challenge Feishu sends when the callback address is saved.
 *
 * A card action must be signed (X-Lark-Signature with the Encrypt Key of a Feishu app bot channel), at most
 * five minutes old (FleetMedic's rule, as for Slack: Feishu documents the replay risk but no window), never
 * seen before, decrypt with that app's key, and carry its Verification Token. The operator's open_id (or
 * union_id) maps to a FleetMedic user, who approves as themselves. Feishu wants an answer within 3 seconds:
 * the answer is a toast saying what happened (an approval still running then is said to be under way and
 * finishes anyway).
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { ChannelLanguage, FeishuApp } from '@fleetmedic/protocol';
import { z } from 'zod';
import { ChannelsRepository } from '../../notifications/channels.repository';
import { APPROVE_ACTION_ID, parseApproveValue } from '../../notifications/platforms/approve-action';
import { ChatError } from '../chat.errors';
import { type ChatAccount, type ChatApprovalOutcome, ChatApprovalsService } from '../chat-approvals.service';
import { ChatIdentitiesService } from '../chat-identities.service';
import { ChatRequestsRepository } from '../chat-requests.repository';
import { CHAT_REPLY_TEXT } from '../chat-text';
import { decryptFeishu, feishuSignatureMatches, sameSecret } from './feishu-callback-crypto';

const MAX_SKEW_SECONDS = 5 * 60;
/** Feishu waits 3 s for the answer; the toast must leave before. */
const ANSWER_WITHIN_MS = 2_500;

const encryptedSchema = z.object({ encrypt: z.string().min(1).max(1_000_000) });
const challengeSchema = z.object({
  type: z.literal('url_verification'),
  challenge: z.string().max(1000),
  token: z.string().max(512),
});
const cardActionSchema = z.object({
  schema: z.literal('2.0'),
  header: z.object({
    event_type: z.string(),
    token: z.string().max(512),
    app_id: z.string().max(128).optional(),
    event_id: z.string().max(128).optional(),
  }),
  event: z.object({
    operator: z.object({
      open_id: z.string().min(1).max(128),
      union_id: z.string().max(128).nullable().optional(),
    }),
    action: z.object({ value: z.unknown(), tag: z.string().max(64).optional() }),
  }),
});

interface FeishuAppChannel {
  app: FeishuApp;
  language: ChannelLanguage;
}

export interface FeishuToast {
  toast: { type: 'success' | 'error' | 'info'; content: string; i18n: { zh_cn: string; en_us: string } };
}

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

@Injectable()
export class FeishuCardActionsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('FeishuCardActions');
  private readonly underWay = new Set<Promise<unknown>>();

  constructor(
    private readonly channels: ChannelsRepository,
    private readonly requests: ChatRequestsRepository,
    private readonly identities: ChatIdentitiesService,
    private readonly chatApprovals: ChatApprovalsService,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.underWay]);
  }

  async receive(headers: IncomingHttpHeaders, rawBody: Buffer, ip: string): Promise<object> {
    const apps = await this.apps();
    const timestamp = header(headers, 'x-lark-request-timestamp');
    const nonce = header(headers, 'x-lark-request-nonce');
    const signature = header(headers, 'x-lark-signature');
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      body = null;
    }
    const encrypted = encryptedSchema.safeParse(body);
    if (!encrypted.success) {
      await this.chatApprovals.refuse('feishu', 'invalid-payload', {
        ip,
        detail: {
          why: 'not an encrypted callback; set the Encrypt Key in the Feishu app and on the channel',
        },
      });
      throw ChatError.payloadInvalid('expected {"encrypt": …} (the app must have an Encrypt Key)');
    }
    const signed = timestamp !== '' && nonce !== '' && signature !== '';
    if (!signed) return this.challenge(encrypted.data.encrypt, apps, ip);

    const now = Date.now();
    if (!/^\d{1,12}$/.test(timestamp) || Math.abs(now / 1000 - Number(timestamp)) > MAX_SKEW_SECONDS) {
      await this.chatApprovals.refuse('feishu', 'stale-timestamp', { ip, detail: { timestamp } });
      throw ChatError.stale();
    }
    const channel = apps.find(({ app }) =>
      feishuSignatureMatches(timestamp, nonce, app.encryptKey, rawBody, signature),
    );
    if (!channel) {
      await this.chatApprovals.refuse('feishu', 'bad-signature', { ip });
      throw ChatError.signatureInvalid();
    }
    const seenUntil = new Date((Number(timestamp) + MAX_SKEW_SECONDS + 60) * 1000).toISOString();
    const key = `feishu:${createHash('sha256').update(signature.toLowerCase()).digest('hex')}`;
    if (!(await this.requests.remember(key, seenUntil, new Date(now).toISOString()))) {
      await this.chatApprovals.refuse('feishu', 'replayed', { ip });
      throw ChatError.replayed();
    }
    const plain = decryptFeishu(encrypted.data.encrypt, channel.app.encryptKey);
    const challenge = challengeSchema.safeParse(plain);
    if (challenge.success) return this.answerChallenge(challenge.data, [channel], ip);
    const action = cardActionSchema.safeParse(plain);
    if (!action.success || action.data.header.event_type !== 'card.action.trigger') {
      await this.chatApprovals.refuse('feishu', 'invalid-payload', { ip });
      throw ChatError.payloadInvalid('expected a card.action.trigger callback (schema 2.0)');
    }
    const { header: head, event } = action.data;
    if (
      !sameSecret(head.token, channel.app.verificationToken) ||
      (head.app_id && head.app_id !== channel.app.appId)
    ) {
      await this.chatApprovals.refuse('feishu', 'bad-signature', {
        ip,
        detail: { why: 'verification token' },
      });
      throw ChatError.signatureInvalid();
    }
    const value = event.action.value as { action?: unknown } | null;
    if (typeof value !== 'object' || value === null || value.action !== APPROVE_ACTION_ID) return {};
    const account: ChatAccount = {
      platform: 'feishu',
      externalId: event.operator.open_id,
      teamId: null,
      unionId: event.operator.union_id ?? null,
    };
    return this.approve(account, event.action.value, channel.language, ip);
  }

  private async apps(): Promise<FeishuAppChannel[]> {
    return (await this.channels.list()).flatMap((channel) =>
      channel.type === 'feishu' && channel.feishuApp !== null
        ? [{ app: channel.feishuApp, language: channel.language }]
        : [],
    );
  }

  /** Unsigned: only the url_verification challenge, which must decrypt with an app's key and carry its token. */
  private async challenge(encrypt: string, apps: FeishuAppChannel[], ip: string): Promise<object> {
    for (const channel of apps) {
      const parsed = challengeSchema.safeParse(decryptFeishu(encrypt, channel.app.encryptKey));
      if (parsed.success) return this.answerChallenge(parsed.data, [channel], ip);
    }
    await this.chatApprovals.refuse('feishu', 'bad-signature', { ip, detail: { signed: false } });
    throw ChatError.signatureInvalid();
  }

  private async answerChallenge(
    challenge: z.infer<typeof challengeSchema>,
    apps: FeishuAppChannel[],
    ip: string,
  ): Promise<object> {
    if (!apps.some(({ app }) => sameSecret(challenge.token, app.verificationToken))) {
      await this.chatApprovals.refuse('feishu', 'bad-signature', {
        ip,
        detail: { why: 'verification token' },
      });
      throw ChatError.signatureInvalid();
    }
    return { challenge: challenge.challenge };
  }

  private async approve(
    account: ChatAccount,
    value: unknown,
    language: ChannelLanguage,
    ip: string,
  ): Promise<FeishuToast> {
    const target = parseApproveValue(value);
    if (target === null) {
      await this.chatApprovals.refuse('feishu', 'invalid-payload', { account, ip });
      return toast('error', 'invalid-payload', null, language);
    }
    const approval = this.chatApprovals
      .approve({
        via: 'feishu',
        account,
        linked: await this.identities.feishuUser(account.externalId, account.unionId ?? null),
        incidentId: target.incidentId,
        playbookId: target.playbookId,
        ip,
      })
      .finally(() => this.underWay.delete(approval));
    this.underWay.add(approval);
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      approval,
      new Promise<null>((resolve) => {
        timer = setTimeout(() => resolve(null), ANSWER_WITHIN_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    if (outcome === null) {
      approval.catch((error: unknown) => this.logger.error(`Feishu approval failed: ${String(error)}`));
      return {
        toast: {
          type: 'info',
          content:
            language === 'zh-CN'
              ? '批准已收到，正在处理；请在 FleetMedic 中查看。'
              : 'Approval received and under way; follow it in FleetMedic.',
          i18n: {
            zh_cn: '批准已收到，正在处理；请在 FleetMedic 中查看。',
            en_us: 'Approval received and under way; follow it in FleetMedic.',
          },
        },
      };
    }
    return outcome.ok
      ? toast('success', outcome, null, language)
      : toast('error', outcome.reason, outcome.username, language);
  }
}

function toast(
  type: 'success' | 'error',
  what: Extract<ChatApprovalOutcome, { ok: true }> | Exclude<ChatApprovalOutcome, { ok: true }>['reason'],
  username: string | null,
  language: ChannelLanguage,
): FeishuToast {
  const say = (lang: ChannelLanguage) =>
    typeof what === 'string'
      ? CHAT_REPLY_TEXT[lang].refused(what, username)
      : CHAT_REPLY_TEXT[lang].approved(what.username, what.rollout);
  return { toast: { type, content: say(language), i18n: { zh_cn: say('zh-CN'), en_us: say('en') } } };
}
