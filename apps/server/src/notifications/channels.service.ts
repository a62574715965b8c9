/**
 * Channels as admins manage them: validated (a bad field is named, nothing is stored), audited, shown
 * without their secrets; a test message through the outbox; each channel's deliveries and dead letters,
 * and what was sent about an incident.
 */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { KNOWN_ISSUES } from '@fleetmedic/knowledge';
import {
  SIGNABLE_CHANNEL_TYPES,
  type Channel,
  type ChannelDeliveriesQuery,
  type ChannelType,
  type CreateChannelRequest,
  type FeishuApp,
  type NotificationDelivery,
  type NotificationDeliveryList,
  type ProtocolIssue,
  type UpdateChannelRequest,
} from '@fleetmedic/protocol';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { AuditService } from '../audit/audit.service';
import { type RequestPrincipal, actorOf } from '../auth/principal';
import { RequestError, RequestErrorCode } from '../common/request.errors';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { IncidentsService } from '../incidents/incidents.service';
import { buildTestMessage } from './alert-message';
import { ChannelEntity } from './channel.entity';
import { ChannelsRepository } from './channels.repository';
import { DeliveryEntity, type DeliveryRowStatus } from './delivery.entity';
import { DeliveryWorker, rateOf } from './delivery-worker';
import { newDeliveryId } from './ids';
import { NotificationsError } from './notifications.errors';
import { NotificationsService } from './notifications.service';
import { OutboxRepository } from './outbox.repository';
import { DEFAULT_RATES, renderBody } from './platforms';
import { SelfAddressService } from './self-address.service';
import { checkWebhookUrl, isFeishuSendMessageUrl } from './webhook-url-policy';

const KNOWN_ISSUE_IDS = new Set(KNOWN_ISSUES.map((issue) => issue.id));
/** The test endpoint waits this long at most for the first attempt's outcome. */
const TEST_WAIT_CAP_MS = 15_000;

function isSignable(type: ChannelType): boolean {
  return (SIGNABLE_CHANNEL_TYPES as readonly ChannelType[]).includes(type);
}

export function deliveryStatusOf(row: DeliveryEntity): NotificationDelivery['status'] {
  return row.status === 'sending' ? 'pending' : row.status;
}

@Injectable()
export class ChannelsService {
  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly channels: ChannelsRepository,
    private readonly outbox: OutboxRepository,
    private readonly worker: DeliveryWorker,
    private readonly notifications: NotificationsService,
    private readonly incidents: IncidentsService,
    private readonly audit: AuditService,
    private readonly self: SelfAddressService,
  ) {}

  async list(): Promise<Channel[]> {
    const rows = await this.channels.list();
    const counts = new Map((await this.outbox.countsByChannel()).map((row) => [row.channelId, row]));
    return Promise.all(rows.map((row) => this.toChannel(row, counts.get(row.id))));
  }

  async get(id: string): Promise<Channel> {
    const row = await this.find(id);
    const counts = (await this.outbox.countsByChannel()).find((entry) => entry.channelId === id);
    return this.toChannel(row, counts);
  }

  async create(principal: RequestPrincipal, request: CreateChannelRequest, ip: string): Promise<Channel> {
    const signing = request.signing ?? request.type === 'webhook';
    this.validate({
      type: request.type,
      webhookUrl: request.webhookUrl,
      signing,
      signingSecretGiven: request.signingSecret !== undefined,
      signingSecret: request.signingSecret ?? null,
      knownIssues: request.filters.knownIssues,
      slackSigningSecret: request.slackSigningSecret ?? null,
      feishuApp: request.feishuApp ?? null,
    });
    const now = new Date().toISOString();
    const channel = Object.assign(new ChannelEntity(), {
      id: randomUUID(),
      name: request.name,
      type: request.type,
      language: request.language,
      enabled: request.enabled,
      webhookUrl: request.webhookUrl,
      signing,
      signingSecret: request.signingSecret ?? null,
      filters: request.filters,
      ratePerMinute: request.ratePerMinute ?? null,
      slackSigningSecret: request.slackSigningSecret ?? null,
      feishuApp: request.feishuApp ?? null,
      createdAt: now,
      updatedAt: now,
    } satisfies ChannelEntity);
    await this.channels.insert(channel);
    this.notifications.channelsChanged();
    await this.audit.record({
      action: 'channel.created',
      outcome: 'success',
      actor: actorOf(principal),
      target: `channel:${channel.id}`,
      ip,
      detail: {
        name: channel.name,
        type: channel.type,
        language: channel.language,
        enabled: channel.enabled,
        webhookOrigin: new URL(channel.webhookUrl).origin,
        signing: channel.signing,
        filters: channel.filters,
        ...interactivityDetail(channel),
      },
    });
    return this.toChannel(channel, undefined);
  }

  async update(
    principal: RequestPrincipal,
    id: string,
    request: UpdateChannelRequest,
    ip: string,
  ): Promise<Channel> {
    const channel = await this.find(id);
    const next: ChannelEntity = {
      ...channel,
      name: request.name ?? channel.name,
      language: request.language ?? channel.language,
      enabled: request.enabled ?? channel.enabled,
      webhookUrl: request.webhookUrl ?? channel.webhookUrl,
      signing: request.signing ?? channel.signing,
      signingSecret: request.signingSecret === undefined ? channel.signingSecret : request.signingSecret,
      filters: { ...channel.filters, ...definedFields(request.filters ?? {}) },
      ratePerMinute: request.ratePerMinute === undefined ? channel.ratePerMinute : request.ratePerMinute,
      slackSigningSecret:
        request.slackSigningSecret === undefined ? channel.slackSigningSecret : request.slackSigningSecret,
      feishuApp: request.feishuApp === undefined ? channel.feishuApp : request.feishuApp,
      updatedAt: new Date().toISOString(),
    };
    this.validate({
      type: next.type,
      webhookUrl: next.webhookUrl,
      signing: next.signing,
      // Removing a secret a channel never takes is not giving it one.
      signingSecretGiven: request.signingSecret !== undefined && request.signingSecret !== null,
      signingSecretRemoved: request.signingSecret === null,
      signingSecret: next.signingSecret,
      knownIssues: next.filters.knownIssues,
      slackSigningSecret: next.slackSigningSecret,
      feishuApp: next.feishuApp,
    });
    await this.channels.save(Object.assign(new ChannelEntity(), next));
    this.notifications.channelsChanged();
    const changed: Record<string, unknown> = {};
    for (const field of ['name', 'language', 'enabled', 'signing', 'ratePerMinute'] as const)
      if (next[field] !== channel[field]) changed[field] = { from: channel[field], to: next[field] };
    if (JSON.stringify(next.filters) !== JSON.stringify(channel.filters))
      changed.filters = { from: channel.filters, to: next.filters };
    // Which secret changed, never its value.
    if (request.webhookUrl !== undefined)
      changed.webhookUrl = { replaced: true, origin: new URL(next.webhookUrl).origin };
    if (request.signingSecret !== undefined)
      changed.signingSecret = request.signingSecret === null ? { removed: true } : { replaced: true };
    if (request.slackSigningSecret !== undefined)
      changed.slackSigningSecret =
        request.slackSigningSecret === null ? { removed: true } : { replaced: true };
    if (request.feishuApp !== undefined)
      changed.feishuApp =
        request.feishuApp === null
          ? { removed: true }
          : { appId: request.feishuApp.appId, chatId: request.feishuApp.chatId, secretsReplaced: true };
    await this.audit.record({
      action: 'channel.updated',
      outcome: 'success',
      actor: actorOf(principal),
      target: `channel:${id}`,
      ip,
      detail: { name: next.name, type: next.type, changed },
    });
    return this.get(id);
  }

  async delete(principal: RequestPrincipal, id: string, ip: string): Promise<void> {
    const channel = await this.find(id);
    await this.channels.delete(id);
    this.worker.forgetChannel(id);
    this.notifications.channelsChanged();
    await this.audit.record({
      action: 'channel.deleted',
      outcome: 'success',
      actor: actorOf(principal),
      target: `channel:${id}`,
      ip,
      detail: { name: channel.name, type: channel.type },
    });
  }

  /**
   * Queues a test message and waits (briefly) for its first attempt, so the answer says whether the
   * platform took it. Later attempts, if needed, go on in the outbox.
   */
  async sendTest(principal: RequestPrincipal, id: string, ip: string): Promise<NotificationDelivery> {
    const channel = await this.find(id);
    const now = Date.now();
    const deliveryId = newDeliveryId(now);
    const message = buildTestMessage(channel.language, channel.name, this.config.publicUrl ?? null);
    const delivery = Object.assign(new DeliveryEntity(), {
      id: deliveryId,
      channelId: channel.id,
      incidentId: null,
      kind: 'test',
      dedupeKey: `test:${deliveryId}`,
      headline: message.title.slice(0, 300),
      body: renderBody(channel.type, message, deliveryId),
      status: 'pending',
      attempts: 0,
      nextAttemptAt: new Date(now).toISOString(),
      leaseUntil: null,
      lastAttemptAt: null,
      lastStatusCode: null,
      lastError: null,
      createdAt: new Date(now).toISOString(),
      deliveredAt: null,
    } satisfies DeliveryEntity);
    const attempted = firstValueFrom(
      this.worker.attempted$.pipe(
        filter((row) => row.id === deliveryId),
        timeout(Math.min(TEST_WAIT_CAP_MS, this.config.alerts.requestTimeoutMs + 2_000)),
      ),
    ).catch(() => null);
    await this.outbox.enqueue(delivery, null);
    this.worker.pump();
    await attempted;
    await this.audit.record({
      action: 'channel.tested',
      outcome: 'success',
      actor: actorOf(principal),
      target: `channel:${id}`,
      ip,
      detail: { name: channel.name, type: channel.type, delivery: deliveryId },
    });
    const row = (await this.outbox.findById(deliveryId)) ?? delivery;
    return toDelivery(row, channel);
  }

  async deliveries(id: string, query: ChannelDeliveriesQuery): Promise<NotificationDeliveryList> {
    const channel = await this.find(id);
    const statuses: DeliveryRowStatus[] | null =
      query.status === 'all' ? null : query.status === 'pending' ? ['pending', 'sending'] : [query.status];
    const rows = await this.outbox.listByChannel(id, statuses, query.limit);
    return { deliveries: rows.map((row) => toDelivery(row, channel)) };
  }

  /** Sends a dead letter again (after the webhook was fixed, say). */
  async retry(
    principal: RequestPrincipal,
    id: string,
    deliveryId: string,
    ip: string,
  ): Promise<NotificationDelivery> {
    const channel = await this.find(id);
    const row = await this.outbox.findById(deliveryId);
    if (!row || row.channelId !== id) throw NotificationsError.deliveryNotFound(deliveryId);
    if (row.status !== 'dead') throw NotificationsError.deliveryNotDead(deliveryId, deliveryStatusOf(row));
    await this.outbox.requeue(deliveryId, new Date().toISOString());
    this.worker.pump();
    await this.audit.record({
      action: 'channel.delivery_retried',
      outcome: 'success',
      actor: actorOf(principal),
      target: `channel:${id}`,
      ip,
      detail: { name: channel.name, delivery: deliveryId, kind: row.kind, incidentId: row.incidentId },
    });
    return toDelivery((await this.outbox.findById(deliveryId)) ?? row, channel);
  }

  /** What was sent about an incident, to which channels, and how it went. */
  async incidentDeliveries(incidentId: string): Promise<NotificationDeliveryList> {
    await this.incidents.get(incidentId);
    const channels = new Map((await this.channels.list()).map((channel) => [channel.id, channel]));
    const rows = await this.outbox.listByIncident(incidentId);
    return {
      deliveries: rows.flatMap((row) => {
        const channel = channels.get(row.channelId);
        return channel ? [toDelivery(row, channel)] : [];
      }),
    };
  }

  private async find(id: string): Promise<ChannelEntity> {
    const channel = await this.channels.findById(id);
    if (!channel) throw NotificationsError.channelNotFound(id);
    return channel;
  }

  /** Every problem at once, each naming its field; nothing is stored when there is one. */
  private validate(input: {
    type: ChannelType;
    webhookUrl: string;
    signing: boolean;
    signingSecretGiven: boolean;
    /** The change asks for the stored signing secret to be removed. */
    signingSecretRemoved?: boolean;
    signingSecret: string | null;
    knownIssues: readonly string[];
    slackSigningSecret: string | null;
    feishuApp: FeishuApp | null;
  }): void {
    const issues: ProtocolIssue[] = [];
    const url = checkWebhookUrl(input.webhookUrl, input.type, this.config.alerts, this.self.current());
    if (!url.ok) issues.push({ path: 'webhookUrl', message: url.message });
    if (input.slackSigningSecret !== null && input.type !== 'slack')
      issues.push({
        path: 'slackSigningSecret',
        message: 'only a slack channel takes a Slack signing secret',
      });
    if (input.feishuApp !== null && input.type !== 'feishu')
      issues.push({ path: 'feishuApp', message: 'only a feishu channel can be a Feishu app bot' });
    if (input.type === 'feishu' && url.ok) {
      const appUrl = isFeishuSendMessageUrl(url.url);
      if (input.feishuApp !== null && !appUrl)
        issues.push({
          path: 'webhookUrl',
          message:
            'an app bot posts to the send-message API: https://open.feishu.cn/open-apis/im/v1/messages?receive_id_type=chat_id (open.larksuite.com for Lark)',
        });
      if (input.feishuApp === null && appUrl)
        issues.push({
          path: 'feishuApp',
          message:
            'the send-message API needs the app bot’s settings (appId, appSecret, chatId, verificationToken, encryptKey)',
        });
      if (input.feishuApp !== null && input.signing)
        issues.push({
          path: 'signing',
          message:
            'an app bot is not signed (签名校验 is a custom bot setting); its tenant_access_token is the credential',
        });
    }
    if (!isSignable(input.type)) {
      if (input.signing)
        issues.push({
          path: 'signing',
          message: `${input.type} webhooks are not signed: the URL itself is the credential; leave signing off`,
        });
      if (input.signingSecretGiven)
        issues.push({ path: 'signingSecret', message: `${input.type} webhooks take no signing secret` });
    } else if (input.signing && input.signingSecretRemoved) {
      issues.push({
        path: 'signingSecret',
        message:
          'cannot be removed while signing is on: turn signing off (signing: false) in the same change',
      });
    } else if (input.signing && !input.signingSecret) {
      issues.push({
        path: 'signingSecret',
        message:
          input.type === 'webhook'
            ? 'required while signing is on: the secret receivers check X-FleetMedic-Signature with'
            : `required while signing is on: the secret ${input.type === 'dingtalk' ? 'DingTalk shows under 加签 (SEC…)' : 'Feishu shows under 签名校验'}`,
      });
    }
    input.knownIssues.forEach((known, index) => {
      if (!KNOWN_ISSUE_IDS.has(known))
        issues.push({
          path: `filters.knownIssues[${index}]`,
          message: `no known issue has the id ${known}; see GET /api/known-issues`,
        });
    });
    if (issues.length > 0)
      throw new RequestError(
        RequestErrorCode.InvalidRequest,
        `Invalid body: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
        issues,
      );
  }

  private async toChannel(
    row: ChannelEntity,
    counts: { pending: number; delivered: number; dead: number } | undefined,
  ): Promise<Channel> {
    const [latest, delivered] = await Promise.all([
      this.outbox.latestAttempted(row.id),
      this.outbox.latestDelivered(row.id),
    ]);
    return {
      id: row.id,
      name: row.name,
      type: row.type,
      language: row.language,
      enabled: row.enabled,
      webhook: { configured: true, origin: new URL(row.webhookUrl).origin },
      signing: { enabled: row.signing, secretConfigured: row.signingSecret !== null },
      approval: {
        mode: approvalModeOf(row, this.config.publicUrl ?? null),
        slackSigningSecretConfigured: row.slackSigningSecret !== null,
        feishuApp:
          row.feishuApp === null ? null : { appId: row.feishuApp.appId, chatId: row.feishuApp.chatId },
      },
      filters: row.filters,
      ratePerMinute: rateOf(row).perMinute,
      ratePerMinuteIsDefault:
        row.ratePerMinute === null || row.ratePerMinute === DEFAULT_RATES[row.type].perMinute,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      deliveries: {
        pending: counts?.pending ?? 0,
        delivered: counts?.delivered ?? 0,
        dead: counts?.dead ?? 0,
        lastDeliveredAt: delivered?.deliveredAt ?? null,
        lastError: latest && latest.status !== 'delivered' ? latest.lastError : null,
      },
    };
  }
}

/** How a channel's messages offer to approve a fix: a button that calls back, a signed link, or nothing. */
export function approvalModeOf(
  channel: Pick<ChannelEntity, 'type' | 'slackSigningSecret' | 'feishuApp'>,
  publicUrl: string | null,
): 'button' | 'link' | 'none' {
  if (channel.type === 'slack' && channel.slackSigningSecret !== null) return 'button';
  if (channel.type === 'feishu' && channel.feishuApp !== null) return 'button';
  return publicUrl === null ? 'none' : 'link';
}

/** A channel's interactivity for the audit log: whether secrets are set, never their values. */
function interactivityDetail(channel: ChannelEntity): Record<string, unknown> {
  return {
    ...(channel.slackSigningSecret !== null ? { slackSigningSecret: { configured: true } } : {}),
    ...(channel.feishuApp !== null
      ? { feishuApp: { appId: channel.feishuApp.appId, chatId: channel.feishuApp.chatId } }
      : {}),
  };
}

function definedFields<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Partial<T>;
}

export function toDelivery(
  row: DeliveryEntity,
  channel: Pick<ChannelEntity, 'name' | 'type'>,
): NotificationDelivery {
  const status = deliveryStatusOf(row);
  return {
    id: row.id,
    channelId: row.channelId,
    channelName: channel.name,
    channelType: channel.type,
    incidentId: row.incidentId,
    kind: row.kind,
    headline: row.headline,
    status,
    attempts: row.attempts,
    createdAt: row.createdAt,
    nextAttemptAt: status === 'pending' ? row.nextAttemptAt : null,
    lastAttemptAt: row.lastAttemptAt,
    deliveredAt: row.deliveredAt,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
  };
}
