/**
 * Correlation: the same failure on many PCs is one incident. Per fingerprint it keeps the hosts failing
 * now and those that failed within a sliding window; an incident opens when enough distinct hosts fail the
 * same way, grows as more join, resolves once every affected host has been healthy for a settle time, and
 * reopens (the same incident) when the failure returns soon after. A host counts once however often it
 * reports or flaps. Pure: it is told transitions and the time, and answers with the changes to make.
 */
import type { CheckTransition } from '../../ingest/check-transition';
import { failureFingerprint } from './fingerprint';
import type {
  CorrelationSettings,
  IncidentChange,
  IncidentHostState,
  TrackedIncident,
} from './correlation-types';

interface RecentFailure {
  /** When the current or last failure of this host began. */
  since: number;
  /** When it last failed this way (now, while it still fails). */
  lastFailingAt: number;
  failing: boolean;
  evidence: readonly string[];
}

export interface CorrelationEngineOptions {
  settings: CorrelationSettings;
  newId: () => string;
  /** Whether the known-issue catalog recognizes a fingerprint (its incidents open at a lower threshold). */
  isKnownIssue: (fingerprint: string) => boolean;
}

export class CorrelationEngine {
  /** Per fingerprint, per host: failures now or within the window. */
  private readonly recent = new Map<string, Map<string, RecentFailure>>();
  private readonly open = new Map<string, TrackedIncident>();
  private readonly lastResolved = new Map<string, TrackedIncident>();

  constructor(private readonly options: CorrelationEngineOptions) {}

  /** Restores state after a restart: incidents from the database, and the failures hosts report now. */
  restore(incidents: readonly TrackedIncident[], failures: readonly CheckTransition[]): void {
    for (const incident of incidents) {
      if (incident.status === 'open') this.open.set(incident.fingerprint, incident);
      else {
        const known = this.lastResolved.get(incident.fingerprint);
        if (!known || (known.resolvedAt ?? 0) < (incident.resolvedAt ?? 0))
          this.lastResolved.set(incident.fingerprint, incident);
      }
    }
    for (const failure of failures) {
      const fingerprint = failureFingerprint(
        failure.check,
        failure.target,
        failure.after.status,
        failure.after.code,
      );
      if (fingerprint !== null)
        this.recordFailure(fingerprint, failure.hostId, failure.at, failure.after.evidence);
    }
  }

  openIncidents(): TrackedIncident[] {
    return [...this.open.values()];
  }

  apply(transition: CheckTransition): IncidentChange[] {
    const { hostId, at } = transition;
    const before = transition.before
      ? failureFingerprint(
          transition.check,
          transition.target,
          transition.before.status,
          transition.before.code,
        )
      : null;
    const after = failureFingerprint(
      transition.check,
      transition.target,
      transition.after.status,
      transition.after.code,
    );
    const changes: IncidentChange[] = [];
    if (before !== null && before !== after) changes.push(...this.recover(before, hostId, at));
    if (after !== null)
      changes.push(...this.fail(after, transition.target, hostId, at, transition.after.evidence));
    return changes;
  }

  /** Time passes: incidents whose hosts have all settled resolve; old failures leave the window. */
  sweep(now: number): IncidentChange[] {
    const { settleMs, windowMs } = this.options.settings;
    const changes: IncidentChange[] = [];
    for (const [fingerprint, incident] of this.open) {
      const hosts = [...incident.hosts.values()];
      if (hosts.every((host) => host.recoveredAt !== null && now - host.recoveredAt >= settleMs)) {
        incident.status = 'resolved';
        incident.resolvedAt = now;
        this.open.delete(fingerprint);
        this.lastResolved.set(fingerprint, incident);
        changes.push({ kind: 'resolved', incident, at: now });
      }
    }
    for (const [fingerprint, hosts] of this.recent) {
      for (const [hostId, failure] of hosts) {
        if (!failure.failing && now - failure.lastFailingAt > windowMs) hosts.delete(hostId);
      }
      if (hosts.size === 0) this.recent.delete(fingerprint);
    }
    return changes;
  }

  private recordFailure(
    fingerprint: string,
    hostId: string,
    at: number,
    evidence: readonly string[],
  ): boolean {
    const hosts = this.recent.get(fingerprint) ?? new Map<string, RecentFailure>();
    this.recent.set(fingerprint, hosts);
    const known = hosts.get(hostId);
    const startsAgain = !known?.failing;
    hosts.set(hostId, {
      since: startsAgain ? at : known.since,
      lastFailingAt: at,
      failing: true,
      evidence,
    });
    return startsAgain;
  }

  private fail(
    fingerprint: string,
    target: string,
    hostId: string,
    at: number,
    evidence: readonly string[],
  ): IncidentChange[] {
    this.recordFailure(fingerprint, hostId, at, evidence);
    const incident = this.open.get(fingerprint);
    if (incident) return this.joinOpen(incident, hostId, at, evidence);
    const candidates = this.hostsInWindow(fingerprint, at);
    const threshold = this.options.isKnownIssue(fingerprint)
      ? this.options.settings.minHostsKnownIssue
      : this.options.settings.minHosts;
    if (candidates.size < threshold) return [];
    return [this.openOrReopen(fingerprint, target, candidates, at)];
  }

  private joinOpen(
    incident: TrackedIncident,
    hostId: string,
    at: number,
    evidence: readonly string[],
  ): IncidentChange[] {
    const member = incident.hosts.get(hostId);
    if (!member) {
      incident.hosts.set(hostId, { since: at, recoveredAt: null, evidence });
      return [{ kind: 'host-joined', incident, hostId, at }];
    }
    member.evidence = evidence;
    if (member.recoveredAt === null) return [];
    member.recoveredAt = null;
    return [{ kind: 'host-failing-again', incident, hostId, at }];
  }

  private openOrReopen(
    fingerprint: string,
    target: string,
    candidates: Map<string, IncidentHostState>,
    at: number,
  ): IncidentChange {
    const previous = this.lastResolved.get(fingerprint);
    if (
      previous &&
      previous.resolvedAt !== null &&
      at - previous.resolvedAt <= this.options.settings.reopenMs
    ) {
      previous.status = 'open';
      previous.resolvedAt = null;
      for (const [hostId, state] of candidates) previous.hosts.set(hostId, state);
      this.lastResolved.delete(fingerprint);
      this.open.set(fingerprint, previous);
      return { kind: 'reopened', incident: previous, at };
    }
    const incident: TrackedIncident = {
      id: this.options.newId(),
      fingerprint,
      target,
      status: 'open',
      openedAt: at,
      resolvedAt: null,
      hosts: candidates,
    };
    this.open.set(fingerprint, incident);
    return { kind: 'opened', incident, at };
  }

  private recover(fingerprint: string, hostId: string, at: number): IncidentChange[] {
    const failure = this.recent.get(fingerprint)?.get(hostId);
    if (failure) {
      failure.failing = false;
      failure.lastFailingAt = at; // it failed until now
    }
    const incident = this.open.get(fingerprint);
    const member = incident?.hosts.get(hostId);
    if (!incident || !member || member.recoveredAt !== null) return [];
    member.recoveredAt = at;
    return [{ kind: 'host-recovered', incident, hostId, at }];
  }

  /** Hosts failing now, or that failed within the window: each counted once. */
  private hostsInWindow(fingerprint: string, now: number): Map<string, IncidentHostState> {
    const hosts = new Map<string, IncidentHostState>();
    for (const [hostId, failure] of this.recent.get(fingerprint) ?? []) {
      if (!failure.failing && now - failure.lastFailingAt > this.options.settings.windowMs) continue;
      hosts.set(hostId, {
        since: failure.since,
        recoveredAt: failure.failing ? null : failure.lastFailingAt,
        evidence: failure.evidence,
      });
    }
    return hosts;
  }
}
