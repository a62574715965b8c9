/**
 * Drains the outbox: per channel, the oldest message first, one attempt at a time, within the channel's
 * rate; retries with exponential backoff and jitter; a dead letter after FLEETMEDIC_ALERT_MAX_ATTEMPTS
 * attempts or at once when the platform refuses the message for good (a 4xx, a wrong signature). It reads
 * the outbox back at start, so a restart loses nothing; a message whose attempt was cut short by a crash is
 * attempted again once its lease ends (delivery is at least once).
 */
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { Subject } from 'rxjs';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { SERVER_VERSION } from '../version';
import type { ChannelEntity } from './channel.entity';
import { ChannelsRepository } from './channels.repository';
import type { DeliveryEntity } from './delivery.entity';
import { FeishuTenantTokens } from './feishu-tenant-tokens';
import { OutboxRepository } from './outbox.repository';
import {
  type AnswerOutcome,
  type ChannelRate,
  DEFAULT_RATES,
  buildRequest,
  classifyAnswer,
} from './platforms';
import { ChannelRateLimiter } from './rate-limiter';
import { scrubSecrets } from './secret-scrubber';
import { SelfAddressService } from './self-address.service';
import { WebhookRefused, sendWebhook } from './webhook-sender';

const iso = (ms: number) => new Date(ms).toISOString();
/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export function rateOf(channel: Pick<ChannelEntity, 'type' | 'ratePerMinute'>): ChannelRate {
  const defaults = DEFAULT_RATES[channel.type];
  return channel.ratePerMinute === null
    ? defaults
    : { perMinute: channel.ratePerMinute, perSecond: defaults.perSecond };
}

/** Exponential backoff with jitter: base × 2^(attempt−1), capped, then between half and all of it. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly limiter = new ChannelRateLimiter();
  private readonly feishuTokens = new FeishuTenantTokens();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly attempts = new Subject<DeliveryEntity>();
  /** Every finished attempt, delivered or not (the test endpoint waits on it). */
  readonly attempted$ = this.attempts.asObservable();
  private timer: NodeJS.Timeout | undefined;
  private pumping = false;
  private pumpAgain = false;
  private stopped = false;

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly outbox: OutboxRepository,
    private readonly channels: ChannelsRepository,
    private readonly self: SelfAddressService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const now = Date.now();
    for (const row of await this.outbox.attemptedSince(iso(now - 60_000)))
      if (row.lastAttemptAt) this.limiter.record(row.channelId, Date.parse(row.lastAttemptAt));
    this.pump();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await Promise.allSettled([...this.inFlight.values()]);
  }

  /** Looks for due messages now (after a message was queued, say). */
  pump(): void {
    if (this.stopped) return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    void (async () => {
      try {
        do {
          this.pumpAgain = false;
          await this.pumpOnce();
        } while (this.pumpAgain && !this.stopped);
      } catch (error) {
        this.logger.error(`Outbox pump failed: ${error instanceof Error ? error.message : String(error)}`);
        this.wakeIn(1_000);
      } finally {
        this.pumping = false;
      }
    })();
  }

  forgetChannel(channelId: string): void {
    this.limiter.forget(channelId);
  }

  private async pumpOnce(): Promise<void> {
    const now = Date.now();
    let nextWake = Number.POSITIVE_INFINITY;
    const channels = new Map((await this.channels.list()).map((channel) => [channel.id, channel]));
    for (const head of await this.outbox.heads()) {
      if (this.stopped) return;
      if (this.inFlight.has(head.channelId)) continue;
      const channel = channels.get(head.channelId);
      if (!channel) continue;
      const due =
        head.status === 'sending'
          ? Date.parse(head.leaseUntil ?? iso(now))
          : Date.parse(head.nextAttemptAt ?? iso(now));
      if (due > now) {
        nextWake = Math.min(nextWake, due);
        continue;
      }
      const wait = this.limiter.delayFor(channel.id, rateOf(channel), now);
      if (wait > 0) {
        nextWake = Math.min(nextWake, now + wait);
        continue;
      }
      const lease = now + this.config.alerts.requestTimeoutMs + 30_000;
      if (!(await this.outbox.claim(head.id, iso(now), iso(lease)))) continue;
      this.limiter.record(channel.id, now);
      const attempt = this.attempt(channel, head)
        .catch((error: unknown) =>
          // The lease runs out and the message is tried again; a failure here must not go unhandled.
          this.logger.error(
            `Delivery ${head.id} to channel ${channel.id} failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        )
        .finally(() => {
          this.inFlight.delete(channel.id);
          this.pump();
        });
      this.inFlight.set(channel.id, attempt);
    }
    if (Number.isFinite(nextWake)) this.wakeIn(nextWake - Date.now());
  }

  private wakeIn(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.pump(), Math.min(MAX_TIMER_MS, Math.max(0, ms)));
  }

  private async attempt(channel: ChannelEntity, delivery: DeliveryEntity): Promise<void> {
    const started = Date.now();
    const attempts = delivery.attempts + 1;
    const secrets = {
      webhookUrl: channel.webhookUrl,
      signingSecret: channel.signingSecret,
      others: [channel.slackSigningSecret, channel.feishuApp?.appSecret, channel.feishuApp?.encryptKey],
    };
    let outcome: AnswerOutcome;
    let statusCode: number | null = null;
    try {
      const settings = {
        timeoutMs: this.config.alerts.requestTimeoutMs,
        policy: this.config.alerts,
        self: this.self.current(),
      };
      const feishuTenantToken = channel.feishuApp
        ? await this.feishuTokens.token(channel.feishuApp, channel.webhookUrl, settings)
        : undefined;
      if (feishuTenantToken !== undefined) secrets.others.push(feishuTenantToken);
      const request = buildRequest(channel, delivery, started, `FleetMedic/${SERVER_VERSION}`, {
        ...(feishuTenantToken === undefined ? {} : { feishuTenantToken }),
      });
      const response = await sendWebhook(request, settings);
      statusCode = response.statusCode;
      // A receiver may echo the request (its URL, the signature) in its answer: scrub before anything keeps it.
      outcome = classifyAnswer(
        channel.type,
        { ...response, body: scrubSecrets(response.body, secrets) },
        Date.now(),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      outcome =
        error instanceof WebhookRefused
          ? { kind: 'permanent', error: message }
          : { kind: 'retry', error: message, retryAfterMs: null };
    }
    if (channel.feishuApp && outcome.kind !== 'delivered')
      this.feishuTokens.forget(channel.feishuApp, channel.webhookUrl);
    const now = Date.now();
    const fields: Partial<DeliveryEntity> = {
      attempts,
      lastAttemptAt: iso(started),
      lastStatusCode: statusCode,
    };
    const where = `delivery ${delivery.id} (${delivery.kind}) to channel ${channel.id} (${channel.type})`;
    switch (outcome.kind) {
      case 'delivered':
        Object.assign(fields, {
          status: 'delivered',
          deliveredAt: iso(now),
          nextAttemptAt: null,
          lastError: null,
        });
        this.logger.debug(`Delivered ${where} at attempt ${attempts}`);
        break;
      case 'rate-limited':
      case 'retry': {
        const error = scrubSecrets(outcome.error, secrets).slice(0, 500);
        const wait =
          outcome.kind === 'rate-limited'
            ? outcome.retryAfterMs
            : Math.max(
                outcome.retryAfterMs ?? 0,
                backoffMs(attempts, this.config.alerts.retryBaseMs, this.config.alerts.retryMaxMs),
              );
        if (outcome.kind === 'rate-limited') this.limiter.pause(channel.id, now + wait);
        if (attempts >= this.config.alerts.maxAttempts) {
          Object.assign(fields, { status: 'dead', nextAttemptAt: null, lastError: error });
          this.logger.error(`Gave up ${where} after ${attempts} attempts: ${error}`);
        } else {
          Object.assign(fields, { status: 'pending', nextAttemptAt: iso(now + wait), lastError: error });
          this.logger.warn(`Attempt ${attempts} of ${where} failed (next in ${wait} ms): ${error}`);
        }
        break;
      }
      case 'permanent': {
        const error = scrubSecrets(outcome.error, secrets).slice(0, 500);
        Object.assign(fields, { status: 'dead', nextAttemptAt: null, lastError: error });
        this.logger.error(`The platform refused ${where}; kept as a dead letter: ${error}`);
        break;
      }
    }
    await this.outbox.finish(delivery.id, fields);
    this.attempts.next({ ...delivery, ...fields, leaseUntil: null });
  }
}
