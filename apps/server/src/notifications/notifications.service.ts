/**
 * Incident news to chat: listens to incidents and to rollouts (RemediationEvents; the hooks below take the
 * same news from any caller), groups news per incident as `alert-grouping.ts` decides, and queues one
 * message per channel in the outbox. Grouping state is persisted, so news waiting out its group wait
 * survives a restart. All changes of that state run one after another.
 */
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { IncidentDetail, IncidentSummary, JobStatus, RolloutView } from '@fleetmedic/protocol';
import type { Subscription } from 'rxjs';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { HostsRepository } from '../hosts/hosts.repository';
import { IncidentEvents } from '../incidents/incident-events';
import { IncidentsErrorCode } from '../incidents/incidents.errors';
import { IncidentsService } from '../incidents/incidents.service';
import { RemediationEvents } from '../remediation/remediation-events';
import { AlertGroupEntity, type RemediationNews, ToldEntity } from './alert-group.entity';
import {
  type GroupingSettings,
  type IncidentNow,
  type Told,
  newsFor,
  nextAllowedAt,
  reminderDueAt,
  settledAt,
} from './alert-grouping';
import { ApprovalLinksService } from '../chat/approval-links.service';
import { type ApprovalOffer, buildIncidentMessage } from './alert-message';
import type { ChannelEntity } from './channel.entity';
import { ChannelsRepository } from './channels.repository';
import { AlertGroupsRepository } from './alert-groups.repository';
import { DeliveryEntity } from './delivery.entity';
import { DeliveryWorker } from './delivery-worker';
import { newDeliveryId } from './ids';
import { OutboxRepository } from './outbox.repository';
import { renderBody } from './platforms';

const iso = (ms: number) => new Date(ms).toISOString();
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Timers may fire a millisecond or two early by the wall clock. */
const EARLY_MS = 5;
/** How long the count of enabled channels is trusted (another server instance may change channels). */
const CHANNELS_CACHE_MS = 10_000;
/** Jobs that ended without fixing their host. */
const FAILED_JOB_STATUSES = [
  'rolled-back',
  'rollback-failed',
  'refused',
  'expired',
] as const satisfies readonly JobStatus[];

/** What the remediation module tells when a rollout starts on an incident. */
export interface RemediationStarted {
  rolloutId: string;
  playbookId: string;
  hostCount: number;
  /** A person's user name, or `rule:<id>` for an auto-remediation rule. */
  approvedBy: string;
}

/** What the remediation module tells when a rollout ends. */
export interface RemediationFinished {
  rolloutId: string;
  playbookId: string;
  outcome: 'completed' | 'halted' | 'cancelled';
  succeeded: number;
  failed: number;
  reason: string | null;
}

@Injectable()
export class NotificationsService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly settings: GroupingSettings;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly lastSeen = new Map<string, { status: string; hostCount: number }>();
  private readonly subscriptions: Subscription[] = [];
  private queue: Promise<void> = Promise.resolve();
  private enabledChannels: { count: number; at: number } | null = null;
  private stopped = false;

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly incidentEvents: IncidentEvents,
    private readonly remediationEvents: RemediationEvents,
    private readonly incidents: IncidentsService,
    private readonly hosts: HostsRepository,
    private readonly groups: AlertGroupsRepository,
    private readonly channels: ChannelsRepository,
    private readonly outbox: OutboxRepository,
    private readonly worker: DeliveryWorker,
    private readonly approvalLinks: ApprovalLinksService,
  ) {
    this.settings = config.alerts;
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const group of await this.groups.scheduled())
      if (group.dueAt !== null) this.schedule(group.incidentId, Date.parse(group.dueAt));
    this.subscriptions.push(
      this.incidentEvents.updated$.subscribe(
        (incident) => void this.enqueue(() => this.incidentUpdated(incident)),
      ),
      this.remediationEvents.rolloutUpdated$.subscribe((rollout) => void this.rolloutChanged(rollout)),
    );
    if (this.config.publicUrl === undefined && (await this.countEnabledChannels()) > 0)
      this.logger.warn(
        'FLEETMEDIC_PUBLIC_URL is not set: chat alerts carry no link to the dashboard (they say so instead)',
      );
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await this.queue;
  }

  /** Hook for the remediation module: a rollout started on the incident. */
  remediationStarted(incidentId: string, started: RemediationStarted): Promise<void> {
    return this.remediationNews(incidentId, {
      ...started,
      stage: 'started',
      outcome: null,
      succeeded: null,
      failed: null,
      reason: null,
    });
  }

  /** Hook for the remediation module: the rollout ended (completed, halted or cancelled). */
  remediationFinished(incidentId: string, finished: RemediationFinished): Promise<void> {
    return this.remediationNews(incidentId, { ...finished, stage: 'finished', hostCount: 0, approvedBy: '' });
  }

  /** The same hooks, from a rollout as the remediation module shows it (e.g. on each `rollout.updated`). */
  rolloutChanged(rollout: RolloutView): Promise<void> {
    if (rollout.status === 'running')
      return this.remediationStarted(rollout.incidentId, {
        rolloutId: rollout.id,
        playbookId: rollout.playbookId,
        hostCount: rollout.hostCount,
        approvedBy: rollout.approvedBy.username,
      });
    return this.remediationFinished(rollout.incidentId, {
      rolloutId: rollout.id,
      playbookId: rollout.playbookId,
      outcome: rollout.status,
      succeeded: rollout.counts.succeeded,
      failed: FAILED_JOB_STATUSES.reduce((sum, status) => sum + rollout.counts[status], 0),
      reason: rollout.reason,
    });
  }

  /** Channels were added, changed or removed. */
  channelsChanged(): void {
    this.enabledChannels = null;
  }

  private remediationNews(incidentId: string, news: RemediationNews): Promise<void> {
    return this.enqueue(async () => {
      const group = (await this.groups.find(incidentId)) ?? this.newGroup(incidentId);
      const previous = group.remediation;
      const same = previous?.rolloutId === news.rolloutId;
      // Told already: a rollout reported running again (each wave, say) is no news.
      if (same && previous?.stage === news.stage) return;
      // A finished rollout keeps what its start said (who approved, on how many PCs).
      group.remediation =
        news.stage === 'finished' && same && previous
          ? { ...news, hostCount: previous.hostCount, approvedBy: previous.approvedBy }
          : news;
      await this.markChanged(group, Date.now());
    });
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    const run = this.queue.then(work);
    this.queue = run.catch((error: unknown) => {
      this.logger.error(
        `Alert grouping failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    });
    return run.catch(() => undefined);
  }

  private async countEnabledChannels(): Promise<number> {
    const now = Date.now();
    if (this.enabledChannels === null || now - this.enabledChannels.at > CHANNELS_CACHE_MS)
      this.enabledChannels = {
        count: (await this.channels.list()).filter((channel) => channel.enabled).length,
        at: now,
      };
    return this.enabledChannels.count;
  }

  /** News is a change of status or more hosts; a host recovering or an acknowledgement is not. */
  private async incidentUpdated(incident: IncidentSummary): Promise<void> {
    const seen = this.lastSeen.get(incident.id);
    // Resolved incidents are forgotten here (a reopening is news whatever was seen before).
    if (incident.status === 'resolved') this.lastSeen.delete(incident.id);
    else this.lastSeen.set(incident.id, { status: incident.status, hostCount: incident.hostCount });
    if (seen && seen.status === incident.status && incident.hostCount <= seen.hostCount) return;
    if ((await this.countEnabledChannels()) === 0) return;
    const group = (await this.groups.find(incident.id)) ?? this.newGroup(incident.id);
    await this.markChanged(group, Date.now());
  }

  /**
   * Whether the message offers to approve the fix, and how: while the incident is open, has a playbook and no
   * fix of it is running (as far as this news knows). A button that calls back where the channel is set up
   * for it (Slack with a signing secret, a Feishu app bot), a signed link elsewhere, nothing without a
   * public URL to link to.
   */
  private approvalOffer(
    channel: ChannelEntity,
    incident: IncidentDetail,
    kind: string,
    remediation: RemediationNews | null,
    now: number,
  ): ApprovalOffer | null {
    const playbookId = incident.knownIssues.find((issue) => issue.playbook !== null)?.playbook ?? null;
    if (playbookId === null || incident.status !== 'open' || kind === 'resolved') return null;
    if (remediation?.stage === 'started') return null;
    if (remediation?.stage === 'finished' && remediation.outcome === 'completed') return null;
    if (
      (channel.type === 'slack' && channel.slackSigningSecret !== null) ||
      (channel.type === 'feishu' && channel.feishuApp !== null)
    )
      return { mode: 'button', playbookId };
    const base = this.config.publicUrl?.replace(/\/+$/, '');
    if (base === undefined) return null;
    return {
      mode: 'link',
      playbookId,
      url: `${base}/approve/${this.approvalLinks.sign(incident.id, playbookId, now)}`,
    };
  }

  private newGroup(incidentId: string): AlertGroupEntity {
    return Object.assign(new AlertGroupEntity(), {
      incidentId,
      pendingSince: null,
      lastChangeAt: null,
      dueAt: null,
      remediation: null,
      updatedAt: iso(Date.now()),
    });
  }

  private async markChanged(group: AlertGroupEntity, now: number): Promise<void> {
    const pendingSince = group.pendingSince === null ? now : Date.parse(group.pendingSince);
    const settled = settledAt(pendingSince, now, this.settings);
    const due = group.dueAt === null ? settled : Math.min(Date.parse(group.dueAt), settled);
    Object.assign(group, {
      pendingSince: iso(pendingSince),
      lastChangeAt: iso(now),
      dueAt: iso(due),
      updatedAt: iso(now),
    });
    await this.groups.save(group);
    this.schedule(group.incidentId, due);
  }

  private schedule(incidentId: string, dueMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timers.get(incidentId));
    const timer = setTimeout(
      () => {
        this.timers.delete(incidentId);
        void this.enqueue(() => this.flush(incidentId));
      },
      Math.min(MAX_TIMER_MS, Math.max(0, dueMs - Date.now())),
    );
    timer.unref();
    this.timers.set(incidentId, timer);
  }

  /** Tells each channel what it has not been told about the incident, when grouping lets it. */
  private async flush(incidentId: string): Promise<void> {
    const group = await this.groups.find(incidentId);
    if (!group || this.stopped) return;
    const now = Date.now();
    let detail: IncidentDetail;
    try {
      detail = await this.incidents.get(incidentId);
    } catch (error) {
      if ((error as { code?: unknown }).code !== IncidentsErrorCode.IncidentNotFound) throw error;
      await this.groups.save({
        ...group,
        pendingSince: null,
        lastChangeAt: null,
        dueAt: null,
        updatedAt: iso(now),
      });
      return;
    }
    const incident: IncidentNow = {
      id: incidentId,
      status: detail.status,
      hostCount: detail.hostCount,
      acknowledged: detail.acknowledgedAt !== null,
      remediation: group.remediation,
    };
    const told = new Map(
      (await this.groups.toldAbout(incidentId)).map((row) => [row.channelId, toTold(row)]),
    );
    const settleDue =
      group.pendingSince === null || group.lastChangeAt === null
        ? null
        : settledAt(Date.parse(group.pendingSince), Date.parse(group.lastChangeAt), this.settings);
    const settled = settleDue === null || now + EARLY_MS >= settleDue;
    let nextDue = Number.POSITIVE_INFINITY;
    let deferred = false;
    let queued = false;
    let tags: Set<string> | undefined;
    const affectedTags = async () =>
      (tags ??= new Set(
        (await this.hosts.listByIds(detail.hosts.map((host) => host.hostId))).flatMap(({ host }) =>
          (host.facts?.tags ?? []).map((tag) => tag.toLowerCase()),
        ),
      ));

    for (const channel of (await this.channels.list()).filter((row) => row.enabled)) {
      const before = told.get(channel.id) ?? null;
      const news = newsFor(before, incident, now, this.settings);
      if (news === null) {
        const reminder = reminderDueAt(before, incident, this.settings);
        if (reminder !== null) nextDue = Math.min(nextDue, reminder);
        continue;
      }
      if (news.kind !== 'reminder' && !settled && settleDue !== null) {
        nextDue = Math.min(nextDue, settleDue);
        deferred = true;
        continue;
      }
      const allowed = nextAllowedAt(before, this.settings);
      if (now + EARLY_MS < allowed) {
        nextDue = Math.min(nextDue, allowed);
        deferred ||= news.kind !== 'reminder';
        continue;
      }
      if (before === null && !(await matchesFilters(channel, detail, affectedTags))) continue;
      const deliveryId = newDeliveryId(now);
      const message = buildIncidentMessage({
        kind: news.kind,
        language: channel.language,
        incident: detail,
        remediation: incident.remediation,
        publicUrl: this.config.publicUrl ?? null,
        approval: this.approvalOffer(channel, detail, news.kind, incident.remediation, now),
      });
      const delivery = Object.assign(new DeliveryEntity(), {
        id: deliveryId,
        channelId: channel.id,
        incidentId,
        kind: news.kind,
        dedupeKey: news.dedupeKey,
        headline: message.title.slice(0, 300),
        body: renderBody(channel.type, message, deliveryId),
        status: 'pending',
        attempts: 0,
        nextAttemptAt: iso(now),
        leaseUntil: null,
        lastAttemptAt: null,
        lastStatusCode: null,
        lastError: null,
        createdAt: iso(now),
        deliveredAt: null,
      } satisfies DeliveryEntity);
      const toldNow = Object.assign(new ToldEntity(), {
        channelId: channel.id,
        incidentId,
        ...news.told,
        toldAt: iso(now),
      });
      queued = (await this.outbox.enqueue(delivery, toldNow)) || queued;
      const reminder = reminderDueAt({ ...news.told, toldAt: now }, incident, this.settings);
      if (reminder !== null) nextDue = Math.min(nextDue, reminder);
    }
    Object.assign(group, {
      pendingSince: deferred ? group.pendingSince : null,
      lastChangeAt: deferred ? group.lastChangeAt : null,
      dueAt: Number.isFinite(nextDue) ? iso(nextDue) : null,
      updatedAt: iso(now),
    });
    await this.groups.save(group);
    if (Number.isFinite(nextDue)) this.schedule(incidentId, nextDue);
    if (queued) this.worker.pump();
  }
}

function toTold(row: ToldEntity): Told {
  return {
    status: row.status,
    hostCount: row.hostCount,
    episode: row.episode,
    remediation: row.remediation,
    toldAt: Date.parse(row.toldAt),
  };
}

/** Whether a channel starts following the incident: known issue, breadth (severity) and host tags. */
async function matchesFilters(
  channel: ChannelEntity,
  incident: IncidentDetail,
  affectedTags: () => Promise<Set<string>>,
): Promise<boolean> {
  const { knownIssues, minHosts, tags } = channel.filters;
  if (incident.hostCount < minHosts) return false;
  if (knownIssues.length > 0 && !incident.knownIssues.some((issue) => knownIssues.includes(issue.id)))
    return false;
  if (tags.length > 0) {
    const present = await affectedTags();
    if (!tags.some((tag) => present.has(tag.toLowerCase()))) return false;
  }
  return true;
}
