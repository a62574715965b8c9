/**
 * A simulated fleet in one process: N in-memory PCs, each enrolled and run by its own agent over its own
 * socket.io connection, exactly as N real agents would talk to the server. The demo, the e2e tests and the
 * benchmarks drive it, and inject the field cases' faults through `hosts` (or play a whole scenario on it:
 * scenarios.ts). A PC whose stored credentials the server no longer takes enrolls again by itself (see
 * credential-renewal.ts). Every PC runs the remediation jobs the server signs, on its simulated state, as its
 * policy allows (all playbooks by default; per PC with a function, for tests).
 */
import { join } from 'node:path';
import { Agent, DEFAULT_STOP_DEADLINE_MS, type LinkTuning } from '../agent';
import { outboxEmptied } from '../agent-events';
import { DEFAULT_WATCH_LIST, type WatchList } from '../checks/watch-list';
import { SimulatedHost } from '../host/simulated/simulated-host';
import { type Logger, silentLogger } from '../logging/logger';
import type { RemediationPolicy } from '../remediation/job-guard';
import { DEFAULT_REMEDIATION_POLICY } from '../remediation/local-policy';
import { CredentialRenewal } from './credential-renewal';
import { type IdentityOptions, identifySimulatedHost } from './fleet-identity';
import { mapWithConcurrency } from './map-with-concurrency';

/** In-memory probes cost nothing: the simulator probes more often than a Windows agent would. */
export const SIMULATED_PROBE_INTERVAL_MS = 5_000;
export const DEFAULT_ENROLL_CONCURRENCY = 10;

export interface SimulatedFleetOptions {
  serverUrl: string;
  enrollSecret: string;
  /** How many PCs. */
  hosts: number;
  /** One directory per PC is made inside it, named by hostname. */
  stateDir: string;
  probeIntervalMs?: number;
  snapshotIntervalMs?: number;
  /** Decides every PC's facts; the same seed gives the same fleet. Default 1. */
  seed?: number;
  logger?: Logger;
  watchList?: WatchList;
  link?: LinkTuning;
  enrollConcurrency?: number;
  /** Each PC's remediation policy: one for all, or per PC (default: on for every playbook). */
  remediation?: RemediationPolicy | ((host: SimulatedHost, index: number) => RemediationPolicy);
}

export interface SimulatedFleet {
  /** `agents[i]` runs `hosts[i]`. */
  agents: Agent[];
  hosts: SimulatedHost[];
  /** The seed the PCs were drawn from. */
  seed: number;
  /** What every agent watches. */
  watchList: WatchList;
  /** Resolves once every agent has connected (now or later). */
  allConnected(): Promise<void>;
  /**
   * Resolves once every agent has connected and the server has acked everything it had observed by then,
   * its first snapshot at least: from then on, the server knows every PC as healthy (or not).
   */
  allReported(): Promise<void>;
  /**
   * `teardown` runs when `stop()` is called, before the agents stop (at once if the fleet has stopped
   * already): a scenario's noise and timers end with the fleet.
   */
  onStop(teardown: () => void): void;
  /** Stops every agent, each within the deadline. */
  stop(deadlineMs?: number): Promise<void>;
}

export class FleetEnrollmentError extends Error {
  constructor(
    readonly failures: readonly { hostname: string; error: string }[],
    total: number,
  ) {
    const shown = failures.slice(0, 5).map((failure) => `${failure.hostname}: ${failure.error}`);
    const more = failures.length > 5 ? `; and ${failures.length - 5} more` : '';
    super(`${failures.length} of ${total} simulated hosts could not enroll: ${shown.join('; ')}${more}`);
    this.name = 'FleetEnrollmentError';
  }
}

export async function startSimulatedFleet(options: SimulatedFleetOptions): Promise<SimulatedFleet> {
  const logger = options.logger ?? silentLogger;
  const seed = options.seed ?? 1;
  const hosts = Array.from(
    { length: options.hosts },
    (_, index) => new SimulatedHost({ seed, index, watchedRegistryKeys: options.watchList?.registryKeys }),
  );

  const identityOptions = (host: SimulatedHost): IdentityOptions => ({
    serverUrl: options.serverUrl,
    enrollSecret: options.enrollSecret,
    stateDir: join(options.stateDir, host.hostname),
    logger: logger.child({ host: host.hostname }),
  });
  const identities = await mapWithConcurrency(
    hosts,
    options.enrollConcurrency ?? DEFAULT_ENROLL_CONCURRENCY,
    (host) => identifySimulatedHost(host, identityOptions(host)),
  );
  const failures = identities.flatMap((identity) =>
    identity.ok ? [] : [{ hostname: identity.host.hostname, error: identity.error }],
  );
  if (failures.length > 0) throw new FleetEnrollmentError(failures, hosts.length);
  const reused = identities.filter((identity) => identity.ok && identity.reused).length;
  logger.info({ hosts: hosts.length, reused }, 'simulated hosts enrolled');

  const policyOf = (host: SimulatedHost, index: number): RemediationPolicy => {
    const { remediation = DEFAULT_REMEDIATION_POLICY } = options;
    return typeof remediation === 'function' ? remediation(host, index) : remediation;
  };
  const runs = identities.map((identity, index) => {
    if (!identity.ok) throw new Error('unreachable: enrollment failures were reported above');
    const agent = new Agent({
      host: identity.host,
      credentials: identity.credentials,
      stateDir: join(options.stateDir, identity.host.hostname),
      logger: logger.child({ host: identity.host.hostname }),
      watchList: options.watchList,
      probeIntervalMs: options.probeIntervalMs ?? SIMULATED_PROBE_INTERVAL_MS,
      snapshotIntervalMs: options.snapshotIntervalMs,
      link: options.link,
      remediation: { steps: identity.host, policy: policyOf(identity.host, index) },
    });
    return { agent, renewal: new CredentialRenewal(agent, identity.host, identityOptions(identity.host)) };
  });
  const agents = runs.map((run) => run.agent);
  const renewals = runs.map((run) => run.renewal);
  const connectedOnce = agents.map(
    (agent) =>
      new Promise<void>((resolve) =>
        agent.isConnected ? resolve() : agent.once('connected', () => resolve()),
      ),
  );
  try {
    await Promise.all(agents.map((agent) => agent.start()));
  } catch (error) {
    // Half a fleet running in the background helps no one: stop what started, then report.
    await Promise.all(renewals.map((renewal) => renewal.stop(1_000)));
    await Promise.all(agents.map((agent) => agent.stop(1_000)));
    throw error;
  }

  const teardowns: (() => void)[] = [];
  let stopped = false;
  return {
    agents,
    hosts,
    seed,
    watchList: options.watchList ?? DEFAULT_WATCH_LIST,
    allConnected: async () => {
      await Promise.all(connectedOnce);
    },
    allReported: async () => {
      await Promise.all(connectedOnce);
      // Each agent wrote its first snapshot to its outbox before connecting: an empty outbox means it is acked.
      await Promise.all(agents.map((agent) => outboxEmptied(agent)));
    },
    onStop: (teardown) => {
      if (stopped) teardown();
      else teardowns.push(teardown);
    },
    stop: async (deadlineMs = DEFAULT_STOP_DEADLINE_MS) => {
      stopped = true;
      for (const teardown of teardowns.splice(0)) teardown();
      const deadline = Date.now() + deadlineMs;
      await Promise.all(renewals.map((renewal) => renewal.stop(deadlineMs)));
      await Promise.all(agents.map((agent) => agent.stop(Math.max(0, deadline - Date.now()))));
    },
  };
}
