/**
 * Simulator scenarios: a field case played out live on some PCs of a simulated fleet, with honest noise
 * around it, so that correlation is tested the way a real fleet would test it. `simulate --scenario`, the
 * demo, the end-to-end tests and the benchmarks all run this one code.
 * - case-a: on K PCs the `Rpc\Internet` key appears and the Print Spooler fails to start with 0x80070057;
 * - case-b: on K PCs the catalog database is corrupt and KB5005030 fails with 0x8e5e03fa.
 * The K PCs are drawn from the seed and spread over the fleet. See noise.ts for the noise.
 */
import type { WatchList } from '../checks/watch-list';
import { applyCaseA, applyCaseB, clearCaseA, clearCaseB } from '../host/simulated/field-cases';
import { SIMULATED_SERVICES } from '../host/simulated/pc-profile';
import type { SimulatedHost } from '../host/simulated/simulated-host';
import type { SimulatedFleet } from './fleet';
import { type FleetNoise, type NoiseTiming, startNoise } from './noise';
import { scenarioRandom } from './random-streams';
import { DEFAULT_AFFECTED, SCENARIO_CHOICES, type ScenarioChoice, type ScenarioName } from './scenario-names';
import { spreadIndexes } from './spread-indexes';

export interface ScenarioOptions {
  scenario: ScenarioChoice;
  /** How many PCs the case breaks. Default 5 (case A's five), or every PC of a smaller fleet. */
  affected?: number;
  /** One-off noise failures per PC per minute, e.g. 0.05; flapping comes with any noise. Default 0: none. */
  noise?: number;
  /** Decides the affected PCs and the noise. Default: the fleet's seed. */
  seed?: number;
  /** Recover the affected PCs this long after the scenario started. Default: only when `recover()` is called. */
  recoverAfterMs?: number;
  noiseTiming?: Partial<NoiseTiming>;
  /** Multiplies every noise duration (see NoiseOptions.timeScale). Default 1. */
  noiseTimeScale?: number;
}

/** What a scenario runs on: a simulated fleet, or bare simulated PCs (a spec without a server). */
export interface ScenarioTarget {
  readonly hosts: readonly SimulatedHost[];
  readonly seed?: number;
  /** The noise fails only watched services. Default: the agent's watch list. */
  readonly watchList?: WatchList;
  /** A fleet stops the scenario when it stops. */
  onStop?(teardown: () => void): void;
}

export interface ScenarioRun {
  readonly scenario: ScenarioChoice;
  /** The affected PCs' places in the fleet, in fleet order. */
  readonly affectedIndexes: readonly number[];
  readonly affectedHosts: readonly SimulatedHost[];
  readonly noise: FleetNoise;
  /** Resolves once the affected PCs have recovered (`recover()` was called, or `recoverAfterMs` passed). */
  readonly recovered: Promise<void>;
  /** Fixes the affected PCs as each case was fixed; the noise goes on. Does nothing the second time. */
  recover(): void;
  /** Stops the noise and a pending recovery; the PCs stay as they are. Idempotent. */
  stop(): void;
}

export class ScenarioOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScenarioOptionsError';
  }
}

interface FieldCase {
  apply(host: SimulatedHost): void;
  clear(host: SimulatedHost): void;
  /** Services the case fails on an affected PC: the noise leaves them alone there, or it would mask the case. */
  services: readonly string[];
}

const FIELD_CASES: Readonly<Record<ScenarioName, FieldCase>> = {
  'case-a': { apply: applyCaseA, clear: clearCaseA, services: ['Spooler'] },
  // Case B fails an update (CASE_B_KB), no service.
  'case-b': { apply: applyCaseB, clear: clearCaseB, services: [] },
};

/** Plays the scenario on `target` now: the case's faults at once, then the noise. */
export function startScenario(target: ScenarioTarget, options: ScenarioOptions): ScenarioRun {
  const total = target.hosts.length;
  const seed = options.seed ?? target.seed ?? 1;
  const affected = checkedAffectedCount(options, total);
  const fieldCase = options.scenario === 'none' ? null : FIELD_CASES[options.scenario];
  const affectedIndexes = spreadIndexes(affected, total, scenarioRandom(seed, 'affected'));
  const affectedHosts = affectedIndexes.map((index) => target.hosts[index] as SimulatedHost);

  const reservedServices = new Map<number, readonly string[]>();
  if (fieldCase !== null) {
    for (const index of affectedIndexes) reservedServices.set(index, fieldCase.services);
  }
  // Built before any fault is applied: bad noise options change nothing.
  const noise = startNoise(target.hosts, {
    rate: options.noise ?? 0,
    seed,
    services: watchedSimulatedServices(target.watchList),
    reservedServices,
    timing: options.noiseTiming,
    timeScale: options.noiseTimeScale,
  });
  if (fieldCase !== null) for (const host of affectedHosts) fieldCase.apply(host);

  let markRecovered = (): void => undefined;
  const recovered = new Promise<void>((resolve) => (markRecovered = resolve));
  let isRecovered = false;
  let recoveryTimer: NodeJS.Timeout | undefined;
  const run: ScenarioRun = {
    scenario: options.scenario,
    affectedIndexes,
    affectedHosts,
    noise,
    recovered,
    recover: () => {
      clearTimeout(recoveryTimer);
      if (isRecovered) return;
      isRecovered = true;
      if (fieldCase !== null) for (const host of affectedHosts) fieldCase.clear(host);
      markRecovered();
    },
    stop: () => {
      clearTimeout(recoveryTimer);
      noise.stop();
    },
  };
  if (options.recoverAfterMs !== undefined) {
    recoveryTimer = setTimeout(() => run.recover(), options.recoverAfterMs);
    recoveryTimer.unref();
  }
  target.onStop?.(() => run.stop());
  return run;
}

/**
 * What `simulate --scenario` does: waits until every PC has connected and reported its first snapshot, then
 * `delayMs` more, then starts the scenario, so that its incident forms live on the server. Null when the
 * fleet stopped first.
 */
export async function startScenarioWhenReported(
  fleet: SimulatedFleet,
  options: ScenarioOptions & { delayMs?: number },
): Promise<ScenarioRun | null> {
  // Bad options fail now, not after the fleet has reported.
  checkedAffectedCount(options, fleet.hosts.length);
  let fleetStopped = (): void => undefined;
  const stopped = new Promise<'stopped'>((resolve) => (fleetStopped = () => resolve('stopped')));
  fleet.onStop(() => fleetStopped());

  if ((await Promise.race([fleet.allReported(), stopped])) === 'stopped') return null;
  const delayMs = options.delayMs ?? 0;
  if (delayMs > 0) {
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<'waited'>((resolve) => {
      timer = setTimeout(() => resolve('waited'), delayMs);
      timer.unref();
    });
    const outcome = await Promise.race([waited, stopped]);
    clearTimeout(timer);
    if (outcome === 'stopped') return null;
  }
  return startScenario(fleet, options);
}

/** How many PCs the scenario affects; throws ScenarioOptionsError naming the first bad option. */
function checkedAffectedCount(options: ScenarioOptions, total: number): number {
  const noise = options.noise ?? 0;
  if (!Number.isFinite(noise) || noise < 0) {
    throw new ScenarioOptionsError(
      `noise must be a number of failures per PC per minute, 0 or more (got ${noise})`,
    );
  }
  const recoverAfterMs = options.recoverAfterMs ?? 0;
  if (!Number.isFinite(recoverAfterMs) || recoverAfterMs < 0) {
    throw new ScenarioOptionsError(
      `recoverAfterMs must be a number of milliseconds, 0 or more (got ${recoverAfterMs})`,
    );
  }
  if (!SCENARIO_CHOICES.includes(options.scenario)) {
    throw new ScenarioOptionsError(
      `unknown scenario "${String(options.scenario)}": expected ${SCENARIO_CHOICES.join(', ')}`,
    );
  }
  if (options.scenario === 'none') {
    if (options.affected !== undefined && options.affected !== 0) {
      throw new ScenarioOptionsError(`affected PCs (${options.affected}) need a scenario`);
    }
    return 0;
  }
  const affected = options.affected ?? Math.min(DEFAULT_AFFECTED, total);
  if (!Number.isInteger(affected) || affected < 1 || affected > total) {
    throw new ScenarioOptionsError(
      `affected must be a whole number from 1 to the fleet's ${total} PCs (got ${affected})`,
    );
  }
  return affected;
}

/** The watched services a simulated PC has: noise on anything else would never be seen. */
function watchedSimulatedServices(watchList: WatchList | undefined): string[] | undefined {
  if (watchList === undefined) return undefined;
  const watched = new Set(watchList.services.map((name) => name.toLowerCase()));
  return SIMULATED_SERVICES.filter((service) => watched.has(service.name.toLowerCase())).map((s) => s.name);
}
