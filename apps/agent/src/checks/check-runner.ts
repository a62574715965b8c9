/**
 * Runs the checks of one PC: probes the Host every probe interval (and at once when the Host says something
 * changed), sends an observation when a check's state changed, a full snapshot of every check every snapshot
 * interval, and the host facts whenever they change.
 */
import { EventEmitter } from 'node:events';
import type { HostFacts, Observation } from '@fleetmedic/protocol';
import type { ObservationReason } from '@fleetmedic/protocol/constants';
import type { Host } from '../host/host';
import { uuidv7 } from '../ids/uuid-v7';
import { type Logger, describeError, silentLogger } from '../logging/logger';
import { ChangeTracker } from './change-tracker';
import type { CheckResult } from './check-result';
import { ALL_PATCHES_TARGET, patchHistoryReadableAgain } from './patch-check';
import { type HostProbeResult, probeHost } from './probe-host';
import { stableStringify } from './stable-stringify';
import { DEFAULT_WATCH_LIST, type WatchList } from './watch-list';

/** Windows probes start processes (PowerShell, wevtutil): every 15 s is cheap enough and quick enough. */
export const DEFAULT_PROBE_INTERVAL_MS = 15_000;
export const DEFAULT_SNAPSHOT_INTERVAL_MS = 5 * 60_000;
export const DEFAULT_PROBE_TIMEOUT_MS = 60_000;

export interface CheckRunnerOptions {
  host: Host;
  /** The agent's id now (it changes when the agent is enrolled again). */
  hostId: () => string;
  watchList?: WatchList;
  probeIntervalMs?: number;
  snapshotIntervalMs?: number;
  probeTimeoutMs?: number;
  logger?: Logger;
}

export interface ProbeCycle {
  reason: ObservationReason;
  observations: Observation[];
}

export interface CheckRunnerEvents {
  /** Observations made by one probe cycle (never empty), in check order. */
  observations: [observations: Observation[]];
  /** The host facts, on the first cycle and whenever they change. */
  facts: [facts: HostFacts];
  /** A probe cycle ended (whether or not anything changed). */
  cycle: [cycle: ProbeCycle];
}

export class CheckRunner extends EventEmitter<CheckRunnerEvents> {
  private readonly host: Host;
  private readonly hostId: () => string;
  private readonly watchList: WatchList;
  private readonly probeIntervalMs: number;
  private readonly snapshotIntervalMs: number;
  private readonly probeTimeoutMs: number;
  private readonly logger: Logger;
  private readonly tracker = new ChangeTracker();

  private running = false;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private currentCycle: Promise<void> | undefined;
  private cycleRequested = false;
  private changeNoticeQueued = false;
  private lastSnapshotAt = Number.NEGATIVE_INFINITY;
  private lastFactsSignature: string | undefined;
  private latestFacts: HostFacts | undefined;
  private readonly reportedProbeFailures = new Map<string, string>();
  private unwatchHost: (() => void) | undefined;

  constructor(options: CheckRunnerOptions) {
    super();
    this.host = options.host;
    this.hostId = options.hostId;
    this.watchList = options.watchList ?? DEFAULT_WATCH_LIST;
    this.probeIntervalMs = options.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS;
    this.snapshotIntervalMs = options.snapshotIntervalMs ?? DEFAULT_SNAPSHOT_INTERVAL_MS;
    this.probeTimeoutMs = options.probeTimeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
    this.logger = options.logger ?? silentLogger;
  }

  /** The facts of the last successful facts probe. */
  get facts(): HostFacts | undefined {
    return this.latestFacts;
  }

  /** Starts probing; the first cycle runs at once and is a full snapshot. Resolves when it has ended. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.unwatchHost = this.host.watchChanges(() => this.onHostChanged());
    this.requestCycle();
    await this.currentCycle;
  }

  /** Probes now rather than at the next interval (after a remediation job, so the server sees it at once). */
  checkNow(): void {
    this.requestCycle();
  }

  /** Stops probing and waits for a cycle in progress, so that its observations are not lost. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.unwatchHost?.();
    this.unwatchHost = undefined;
    await this.currentCycle;
  }

  /**
   * Several mutations in one tick (a scenario failing five things at once) make one cycle, not five:
   * the notice waits for the current synchronous work to finish.
   */
  private onHostChanged(): void {
    if (this.changeNoticeQueued || this.stopped) return;
    this.changeNoticeQueued = true;
    void Promise.resolve().then(() => {
      this.changeNoticeQueued = false;
      this.requestCycle();
    });
  }

  private requestCycle(): void {
    if (this.stopped) return;
    if (this.running) {
      this.cycleRequested = true;
      return;
    }
    clearTimeout(this.timer);
    this.currentCycle = this.runCycle();
  }

  private async runCycle(): Promise<void> {
    this.running = true;
    try {
      const snapshotDue = Date.now() - this.lastSnapshotAt >= this.snapshotIntervalMs;
      const probed = await probeHost(this.host, {
        watchList: this.watchList,
        knownPatchTargets: this.tracker.targetsOf('patch').filter((target) => target !== ALL_PATCHES_TARGET),
        timeoutMs: this.probeTimeoutMs,
      });
      this.reportProbeFailures(probed);
      if (probed.facts !== null) this.updateFacts(probed.facts);
      const reason: ObservationReason = snapshotDue ? 'snapshot' : 'change';
      if (snapshotDue) this.lastSnapshotAt = Date.now();
      const observations = this.toObservations(this.selectResults(probed, reason), reason);
      if (observations.length > 0) this.emit('observations', observations);
      this.emit('cycle', { reason, observations });
    } catch (error) {
      // Only a bug gets here (probes cannot throw): log it and keep the schedule.
      this.logger.error({ err: error }, `probe cycle failed: ${describeError(error)}`);
    } finally {
      this.running = false;
      this.scheduleNext();
    }
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    if (this.cycleRequested) {
      this.cycleRequested = false;
      this.requestCycle();
      return;
    }
    const untilSnapshot = this.lastSnapshotAt + this.snapshotIntervalMs - Date.now();
    const delay = Math.max(0, Math.min(this.probeIntervalMs, untilSnapshot));
    this.timer = setTimeout(() => this.requestCycle(), delay);
  }

  private selectResults(probed: HostProbeResult, reason: ObservationReason): CheckResult[] {
    const results = [...probed.results];
    if (probed.patchesRead) {
      // Updates gone from the history are forgotten; the placeholder for an unreadable history says it is over.
      const current = new Set(results.filter((r) => r.check === 'patch').map((r) => r.target));
      for (const target of this.tracker.targetsOf('patch')) {
        if (current.has(target)) continue;
        if (target === ALL_PATCHES_TARGET) results.push(patchHistoryReadableAgain());
        this.tracker.forget('patch', target);
      }
    }
    const selected =
      reason === 'snapshot' ? this.tracker.takeAll(results) : this.tracker.takeChanges(results);
    if (probed.patchesRead) this.tracker.forget('patch', ALL_PATCHES_TARGET);
    return selected;
  }

  private toObservations(results: readonly CheckResult[], reason: ObservationReason): Observation[] {
    const now = Date.now();
    const observedAt = new Date(now).toISOString();
    return results.map((result) => ({
      id: uuidv7(now),
      hostId: this.hostId(),
      ...result,
      observedAt,
      reason,
    }));
  }

  private updateFacts(facts: HostFacts): void {
    const signature = stableStringify(facts);
    if (signature === this.lastFactsSignature) return;
    this.lastFactsSignature = signature;
    this.latestFacts = facts;
    this.emit('facts', facts);
  }

  /** A broken probe is logged when it breaks and when its reason changes, not every cycle. */
  private reportProbeFailures(probed: HostProbeResult): void {
    for (const probe of ['facts', 'services', 'patches', 'pendingReboot', 'registry'] as const) {
      const failure = probed.failures[probe];
      const previous = this.reportedProbeFailures.get(probe);
      if (failure === undefined) {
        if (previous !== undefined) this.logger.info({ probe }, `the ${probe} probe works again`);
        this.reportedProbeFailures.delete(probe);
        continue;
      }
      const message = describeError(failure);
      if (message !== previous) this.logger.warn({ probe }, `the ${probe} probe failed: ${message}`);
      this.reportedProbeFailures.set(probe, message);
    }
  }
}
