/**
 * `fleetmedic-agent simulate`: a fleet of simulated PCs against a real server, until a signal stops it; with
 * `--scenario` and `--noise`, a field case and honest noise played out on it once every PC has reported.
 */
import type { Logger } from '../logging/logger';
import { DEFAULT_REMEDIATION_POLICY } from '../remediation/local-policy';
import { startSimulatedFleet } from '../simulate/fleet';
import type { ScenarioChoice } from '../simulate/scenario-names';
import { type ScenarioRun, startScenarioWhenReported } from '../simulate/scenarios';
import { exitOnSignal } from './shutdown';

export interface SimulateCommandOptions {
  server: string;
  enrollSecret: string;
  hosts: number;
  stateDir: string;
  probeInterval?: number;
  snapshotInterval?: number;
  seed: number;
  scenario: ScenarioChoice;
  affected?: number;
  noise: number;
  scenarioDelay?: number;
  recoverAfter?: number;
  /** `--remediation on|off` for every simulated PC (default on). */
  remediation?: boolean;
  /** `--allow-playbooks` for every simulated PC (default all). */
  allowPlaybooks?: readonly string[] | 'all';
}

export async function simulateCommand(options: SimulateCommandOptions, logger: Logger): Promise<void> {
  const startedAt = Date.now();
  const fleet = await startSimulatedFleet({
    serverUrl: options.server,
    enrollSecret: options.enrollSecret,
    hosts: options.hosts,
    stateDir: options.stateDir,
    probeIntervalMs: options.probeInterval,
    snapshotIntervalMs: options.snapshotInterval,
    seed: options.seed,
    logger,
    remediation: {
      enabled: options.remediation ?? DEFAULT_REMEDIATION_POLICY.enabled,
      allowedPlaybooks: options.allowPlaybooks ?? DEFAULT_REMEDIATION_POLICY.allowedPlaybooks,
    },
  });
  exitOnSignal(() => fleet.stop(), logger);
  await fleet.allConnected();
  process.stdout.write(`${allConnectedLine(options, Date.now() - startedAt)}\n`);
  if (options.scenario === 'none' && options.noise === 0) return;

  const run = await startScenarioWhenReported(fleet, {
    scenario: options.scenario,
    affected: options.affected,
    noise: options.noise,
    seed: options.seed,
    delayMs: options.scenarioDelay,
    recoverAfterMs: options.recoverAfter,
  });
  if (run === null) return; // stopped first
  process.stdout.write(`${scenarioStartedLine(run, options.hosts)}\n`);
  logger.info(
    {
      scenario: run.scenario,
      affected: run.affectedHosts.map((host) => host.hostname),
      noise: options.noise,
    },
    'scenario started',
  );
  void run.recovered.then(() => {
    process.stdout.write(`${scenarioRecoveredLine(run)}\n`);
  });
}

/**
 * What `simulate` prints on stdout once every PC has connected. tools/demo.js waits for `all connected` in
 * it before saying the demo runs: keep those words.
 */
export function allConnectedLine(
  options: Pick<SimulateCommandOptions, 'hosts' | 'seed' | 'server' | 'stateDir'>,
  elapsedMs: number,
): string {
  const seconds = (elapsedMs / 1000).toFixed(1);
  return (
    `simulating ${options.hosts} hosts (seed ${options.seed}) against ${options.server}: all connected in ${seconds} s; ` +
    `state in ${options.stateDir}; Ctrl+C to stop`
  );
}

const SCENARIO_FAULTS: Readonly<Record<ScenarioChoice, string>> = {
  'case-a': 'case A (Rpc\\Internet key present, Print Spooler fails to start with 0x80070057)',
  'case-b': 'case B (catalog database corrupt, KB5005030 fails with 0x8e5e03fa)',
  none: 'no scenario',
};

/** What `simulate` prints once the scenario's faults are in place. */
export function scenarioStartedLine(
  run: Pick<ScenarioRun, 'scenario' | 'affectedHosts' | 'noise'>,
  fleetSize: number,
): string {
  const hostnames = run.affectedHosts.map((host) => host.hostname).join(', ');
  const scenario =
    run.scenario === 'none'
      ? SCENARIO_FAULTS.none
      : `${SCENARIO_FAULTS[run.scenario]} on ${run.affectedHosts.length} of ${fleetSize} PCs: ${hostnames}`;
  if (run.noise.rate === 0) return `scenario started: ${scenario}`;
  const flapping = run.noise.flappingIndexes.length;
  return (
    `scenario started: ${scenario}; noise: ${run.noise.rate} unrelated failures per PC per minute, ` +
    `${flapping} flapping PC${flapping === 1 ? '' : 's'}`
  );
}

export function scenarioRecoveredLine(run: Pick<ScenarioRun, 'scenario' | 'affectedHosts'>): string {
  return `scenario ${run.scenario}: the ${run.affectedHosts.length} affected PCs recovered`;
}
