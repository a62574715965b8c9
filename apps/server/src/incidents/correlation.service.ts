/**
 * Runs correlation in the server: check transitions from ingest go through the engine in commit order;
 * the incident changes it decides are written, then announced (live pushes, alerts). A sweep on a timer
 * resolves incidents whose hosts have settled. After a restart the engine is rebuilt from the database.
 */
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type BeforeApplicationShutdown,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { parseFingerprint } from '@fleetmedic/knowledge';
import type { IncidentEventKind } from '@fleetmedic/protocol';
import type { Subscription } from 'rxjs';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { HostsRepository } from '../hosts/hosts.repository';
import type { CheckTransition } from '../ingest/check-transition';
import { CheckTransitions } from '../ingest/check-transitions';
import { CorrelationEngine } from './correlation/correlation-engine';
import { type IncidentChange, NO_CODE, type TrackedIncident } from './correlation/correlation-types';
import { IncidentEntity } from './incident.entity';
import { IncidentEvents } from './incident-events';
import { incidentKnownIssues, isKnownFingerprint } from './incident-knowledge';
import { toIncidentSummary } from './incident-summary';
import { type IncidentWrite, IncidentsRepository } from './incidents.repository';

const iso = (ms: number) => new Date(ms).toISOString();

const EVENT_KIND: Record<IncidentChange['kind'], IncidentEventKind> = {
  opened: 'opened',
  reopened: 'reopened',
  'host-joined': 'host-joined',
  'host-failing-again': 'host-joined',
  'host-recovered': 'host-recovered',
  resolved: 'resolved',
};

@Injectable()
export class CorrelationService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(CorrelationService.name);
  private readonly engine: CorrelationEngine;
  private subscription: Subscription | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  /** Transitions and sweeps run one after another, in order. */
  private queue: Promise<void> = Promise.resolve();
  /** Known issue per incident, as last evaluated (re-evaluated when its hosts change). */
  private readonly knownIssue = new Map<string, { id: string | null; confirmed: boolean }>();

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly transitions: CheckTransitions,
    private readonly repository: IncidentsRepository,
    private readonly hosts: HostsRepository,
    private readonly events: IncidentEvents,
  ) {
    this.engine = new CorrelationEngine({
      settings: config.incidents,
      newId: () => randomUUID(),
      isKnownIssue: isKnownFingerprint,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const { reopenMs, windowMs, settleMs } = this.config.incidents;
    const tracked = await this.repository.loadTracked(Date.now() - reopenMs - windowMs);
    this.engine.restore(tracked, await this.repository.failingChecks());
    this.subscription = this.transitions.committed$.subscribe((batch) =>
      this.enqueue(() => this.correlate(batch)),
    );
    const every = Math.max(100, Math.min(5000, Math.floor(settleMs / 4) || 100));
    this.sweepTimer = setInterval(() => this.enqueue(() => this.sweep()), every);
    this.sweepTimer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    clearInterval(this.sweepTimer);
    await this.queue;
  }

  private enqueue(work: () => Promise<void>): void {
    this.queue = this.queue.then(work).catch((error: unknown) => {
      this.logger.error(
        `Correlation failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    });
  }

  private async correlate(batch: readonly CheckTransition[]): Promise<void> {
    await this.record(batch.flatMap((transition) => this.engine.apply(transition)));
  }

  private async sweep(): Promise<void> {
    await this.record(this.engine.sweep(Date.now()));
  }

  /** Writes the changes, one row update per incident, and announces each changed incident once. */
  private async record(changes: readonly IncidentChange[]): Promise<void> {
    if (changes.length === 0) return;
    const byIncident = new Map<string, IncidentChange[]>();
    for (const change of changes) {
      const list = byIncident.get(change.incident.id) ?? [];
      list.push(change);
      byIncident.set(change.incident.id, list);
    }
    const writes: IncidentWrite[] = [];
    for (const incidentChanges of byIncident.values()) {
      writes.push(await this.toWrite(incidentChanges));
    }
    await this.repository.write(writes);
    for (const row of await this.repository.findByIds(writes.map(({ incident }) => incident.id))) {
      this.events.updated(toIncidentSummary(row));
    }
  }

  private async toWrite(changes: readonly IncidentChange[]): Promise<IncidentWrite> {
    const incident = changes[changes.length - 1]!.incident;
    const failing = () => [...incident.hosts.values()].filter((host) => host.recoveredAt === null).length;
    const whole = changes.some((change) => change.kind === 'opened' || change.kind === 'reopened');
    const changedHosts = new Set(changes.flatMap((change) => ('hostId' in change ? [change.hostId] : [])));
    if (
      whole ||
      changes.some((change) => change.kind === 'host-joined' || change.kind === 'host-failing-again')
    ) {
      await this.evaluateKnownIssue(incident);
    }
    const hostIds = whole ? [...incident.hosts.keys()] : [...changedHosts];
    const lastAt = Math.max(...changes.map((change) => change.at));
    return {
      incident: this.toRow(incident, lastAt, failing()),
      hosts: hostIds.map((hostId) => ({ hostId, state: incident.hosts.get(hostId)! })),
      events: changes.map((change) => ({
        at: change.at,
        kind: EVENT_KIND[change.kind],
        hostId: 'hostId' in change ? change.hostId : null,
        failingHostCount: failing(),
      })),
    };
  }

  private async evaluateKnownIssue(incident: TrackedIncident): Promise<void> {
    if (!isKnownFingerprint(incident.fingerprint)) {
      this.knownIssue.set(incident.id, { id: null, confirmed: false });
      return;
    }
    const hostIds = [...incident.hosts.keys()];
    const facts = new Map((await this.hosts.listByIds(hostIds)).map(({ host }) => [host.id, host.facts]));
    const [best] = incidentKnownIssues(
      incident.fingerprint,
      hostIds.map((hostId) => ({
        evidence: incident.hosts.get(hostId)?.evidence ?? [],
        facts: facts.get(hostId) ?? null,
      })),
    );
    this.knownIssue.set(incident.id, { id: best?.id ?? null, confirmed: best?.confirmed ?? false });
  }

  private toRow(incident: TrackedIncident, at: number, failingHostCount: number): IncidentEntity {
    const { check, code } = parseFingerprint(incident.fingerprint);
    const known = this.knownIssue.get(incident.id) ?? { id: null, confirmed: false };
    return Object.assign(new IncidentEntity(), {
      id: incident.id,
      fingerprint: incident.fingerprint,
      check,
      target: incident.target,
      code: code === NO_CODE ? null : code,
      status: incident.status,
      openedAt: iso(incident.openedAt),
      resolvedAt: incident.resolvedAt === null ? null : iso(incident.resolvedAt),
      updatedAt: iso(at),
      hostCount: incident.hosts.size,
      failingHostCount,
      knownIssueId: known.id,
      knownIssueConfirmed: known.confirmed,
    });
  }
}
