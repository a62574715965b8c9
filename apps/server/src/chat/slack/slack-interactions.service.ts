/**
 * Slack's interactivity requests (https://docs.slack.dev/interactivity/handling-user-interaction): Slack
 * POSTs `application/x-www-form-urlencoded` with one field, `payload`, a JSON `block_actions` payload naming
 * the member who pressed the button, its workspace, the button's `action_id` and `value`, and a
 * `response_url` to answer through. The app must acknowledge with HTTP 200 within 3 seconds; what it says
 * afterwards goes to `response_url` (up to five times within 30 minutes).
 *
 * FleetMedic checks the request first (timestamp within five minutes, signature with the signing secret of a
 * Slack channel, never seen before), acknowledges, and only then maps the member to a FleetMedic user and
 * approves; the outcome goes back to `response_url`: in the channel when a fix started, to the presser only
 * when it was refused. Link buttons ("Open the incident") also reach this route when the app has
 * interactivity on; they are acknowledged and ignored.
 */
import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { ChannelLanguage } from '@fleetmedic/protocol';
import { z } from 'zod';
import { SERVER_CONFIG } from '../../config/config.module';
import type { ServerConfig } from '../../config/config.schema';
import { incidentUrl } from '../../notifications/alert-message';
import type { ChannelEntity } from '../../notifications/channel.entity';
import { ChannelsRepository } from '../../notifications/channels.repository';
import { APPROVE_ACTION_ID, parseApproveValue } from '../../notifications/platforms/approve-action';
import { SelfAddressService } from '../../notifications/self-address.service';
import { sendWebhook } from '../../notifications/webhook-sender';
import { ChatError } from '../chat.errors';
import { type ChatAccount, type ChatApprovalOutcome, ChatApprovalsService } from '../chat-approvals.service';
import { ChatIdentitiesService } from '../chat-identities.service';
import { ChatRequestsRepository } from '../chat-requests.repository';
import { CHAT_REPLY_TEXT } from '../chat-text';
import { SLACK_MAX_SKEW_SECONDS, slackSignatureMatches, slackTimestampFresh } from './slack-signature';

const payloadTypeSchema = z.object({ type: z.string() });

const blockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1).max(64), team_id: z.string().max(64).optional() }),
  team: z
    .object({ id: z.string().min(1).max(64) })
    .nullable()
    .optional(),
  response_url: z.string().max(2048).optional(),
  actions: z
    .array(z.object({ action_id: z.string().max(255), value: z.string().max(2000).optional() }))
    .max(25),
});
type BlockActions = z.infer<typeof blockActionsSchema>;

function header(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

@Injectable()
export class SlackInteractionsService implements BeforeApplicationShutdown {
  private readonly logger = new Logger('SlackInteractions');
  private readonly underWay = new Set<Promise<void>>();

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly channels: ChannelsRepository,
    private readonly requests: ChatRequestsRepository,
    private readonly identities: ChatIdentitiesService,
    private readonly chatApprovals: ChatApprovalsService,
    private readonly self: SelfAddressService,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.underWay]);
  }

  /**
   * Checks and takes one interactivity request. Resolves when Slack may be answered 200 (the approval goes
   * on afterwards); throws a ChatError, already audited, when the request is refused.
   */
  async receive(headers: IncomingHttpHeaders, rawBody: Buffer, ip: string): Promise<void> {
    const timestamp = header(headers, 'x-slack-request-timestamp');
    const signature = header(headers, 'x-slack-signature');
    const now = Date.now();
    if (timestamp !== '' && /^\d{1,12}$/.test(timestamp) && !slackTimestampFresh(timestamp, now)) {
      await this.chatApprovals.refuse('slack', 'stale-timestamp', {
        ip,
        detail: { timestamp: Number(timestamp), skewSeconds: Math.round(now / 1000 - Number(timestamp)) },
      });
      throw ChatError.stale();
    }
    const verifying =
      timestamp === '' || signature === ''
        ? []
        : (await this.channels.list()).filter(
            (channel) =>
              channel.type === 'slack' &&
              channel.slackSigningSecret !== null &&
              slackSignatureMatches(channel.slackSigningSecret, timestamp, rawBody, signature),
          );
    if (verifying.length === 0) {
      await this.chatApprovals.refuse('slack', 'bad-signature', {
        ip,
        detail: { signed: signature !== '' && timestamp !== '' },
      });
      throw ChatError.signatureInvalid();
    }
    const seenUntil = new Date((Number(timestamp) + SLACK_MAX_SKEW_SECONDS + 60) * 1000).toISOString();
    const key = `slack:${createHash('sha256').update(signature).digest('hex')}`;
    if (!(await this.requests.remember(key, seenUntil, new Date(now).toISOString()))) {
      await this.chatApprovals.refuse('slack', 'replayed', { ip, detail: { timestamp: Number(timestamp) } });
      throw ChatError.replayed();
    }
    const payload = this.parse(rawBody);
    if (payload === null) {
      await this.chatApprovals.refuse('slack', 'invalid-payload', { ip });
      throw ChatError.payloadInvalid('expected a form field `payload` holding Slack’s JSON');
    }
    if (payload.kind === 'other') return;
    const action = payload.body.actions.find((candidate) => candidate.action_id === APPROVE_ACTION_ID);
    if (!action) return;
    const work = this.approve(payload.body, action.value ?? '', verifying, ip)
      .catch((error: unknown) =>
        this.logger.error(
          `Slack approval failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
        ),
      )
      .finally(() => this.underWay.delete(work));
    this.underWay.add(work);
  }

  private parse(rawBody: Buffer): { kind: 'block_actions'; body: BlockActions } | { kind: 'other' } | null {
    const field = new URLSearchParams(rawBody.toString('utf8')).get('payload');
    if (field === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(field);
    } catch {
      return null;
    }
    const typed = payloadTypeSchema.safeParse(json);
    if (!typed.success) return null;
    if (typed.data.type !== 'block_actions') return { kind: 'other' };
    const parsed = blockActionsSchema.safeParse(json);
    return parsed.success ? { kind: 'block_actions', body: parsed.data } : null;
  }

  private async approve(
    payload: BlockActions,
    value: string,
    channels: ChannelEntity[],
    ip: string,
  ): Promise<void> {
    const teamId = payload.user.team_id ?? payload.team?.id ?? null;
    const account: ChatAccount = { platform: 'slack', externalId: payload.user.id, teamId };
    const language = channels[0]!.language;
    const target = parseApproveValue(value);
    let outcome: ChatApprovalOutcome;
    if (target === null) {
      await this.chatApprovals.refuse('slack', 'invalid-payload', {
        account,
        ip,
        detail: { value: value.slice(0, 200) },
      });
      outcome = {
        ok: false,
        reason: 'invalid-payload',
        username: null,
        message: 'the button value is not FleetMedic’s',
      };
    } else {
      outcome = await this.chatApprovals.approve({
        via: 'slack',
        account,
        linked: teamId === null ? null : await this.identities.slackUser(teamId, payload.user.id),
        incidentId: target.incidentId,
        playbookId: target.playbookId,
        ip,
      });
    }
    if (payload.response_url)
      await this.reply(
        payload.response_url,
        channels,
        this.replyBody(outcome, language, target?.incidentId ?? null),
      );
  }

  private replyBody(
    outcome: ChatApprovalOutcome,
    language: ChannelLanguage,
    incidentId: string | null,
  ): object {
    const text = CHAT_REPLY_TEXT[language];
    if (!outcome.ok)
      return {
        response_type: 'ephemeral',
        replace_original: false,
        text: text.refused(outcome.reason, outcome.username),
      };
    const url = incidentId === null ? null : incidentUrl(this.config.publicUrl ?? null, incidentId);
    const said = text.approved(outcome.username, outcome.rollout);
    return {
      response_type: 'in_channel',
      replace_original: false,
      text: url === null ? said : `${said} ${text.followIt(url)}`,
    };
  }

  /**
   * Answers through `response_url`, which must be Slack's (https://hooks.slack.com) or on the origin of the
   * webhook of a channel whose secret verified the request (a relay set up by the admin): a signed request
   * cannot make FleetMedic post anywhere else. The URL policy of webhooks applies on top.
   */
  private async reply(responseUrl: string, channels: ChannelEntity[], body: object): Promise<void> {
    let url: URL;
    try {
      url = new URL(responseUrl);
    } catch {
      this.logger.warn('Slack sent a response_url that is not a URL; no answer posted');
      return;
    }
    const trusted =
      (url.protocol === 'https:' && url.hostname === 'hooks.slack.com') ||
      channels.some((channel) => new URL(channel.webhookUrl).origin === url.origin);
    if (!trusted) {
      this.logger.warn(`Slack's response_url points to ${url.origin}, not Slack; no answer posted`);
      return;
    }
    try {
      const response = await sendWebhook(
        { url, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) },
        {
          timeoutMs: this.config.alerts.requestTimeoutMs,
          policy: this.config.alerts,
          self: this.self.current(),
        },
      );
      if (response.statusCode < 200 || response.statusCode >= 300)
        this.logger.warn(`Slack answered the response_url post with HTTP ${response.statusCode}`);
    } catch (error) {
      this.logger.warn(
        `Could not answer through Slack's response_url: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
