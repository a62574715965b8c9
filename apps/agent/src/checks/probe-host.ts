/**
 * One pass over the Host: every probe at once, each turned into check results. A probe that rejects becomes
 * `unknown` results for its targets; nothing here throws.
 */
import type { HostFacts } from '@fleetmedic/protocol';
import type { Host } from '../host/host';
import type { CheckResult } from './check-result';
import { ALL_PATCHES_TARGET, patchCheckResults } from './patch-check';
import { unknownResults } from './probe-failure';
import { REBOOT_TARGET, rebootCheckResult } from './reboot-check';
import { registryCheckResults } from './registry-check';
import { serviceCheckResults } from './service-check';
import type { WatchList } from './watch-list';

export type ProbeName = 'facts' | 'services' | 'patches' | 'pendingReboot' | 'registry';

export interface HostProbeResult {
  results: CheckResult[];
  /** Null when the facts probe failed. */
  facts: HostFacts | null;
  /** Why each failed probe failed. */
  failures: Partial<Record<ProbeName, unknown>>;
  /** Whether the update history was read (a failed read must not make known KBs look uninstalled). */
  patchesRead: boolean;
}

export interface ProbeHostOptions {
  watchList: WatchList;
  /** KBs reported before: they become `unknown` if the update history cannot be read now. */
  knownPatchTargets: readonly string[];
  /** A probe that has not answered by then counts as failed, so that one hung query cannot stall every check. */
  timeoutMs: number;
}

export async function probeHost(host: Host, options: ProbeHostOptions): Promise<HostProbeResult> {
  const { watchList, knownPatchTargets, timeoutMs } = options;
  const [facts, services, patches, reboot, registry] = await Promise.allSettled([
    withTimeout('facts', () => host.readFacts(), timeoutMs),
    withTimeout('services', () => host.queryServices(watchList.services), timeoutMs),
    withTimeout('patches', () => host.queryPatchResults(), timeoutMs),
    withTimeout('pendingReboot', () => host.queryPendingReboot(), timeoutMs),
    withTimeout('registry', () => host.queryRegistryKeys(watchList.registryKeys), timeoutMs),
  ]);
  const failures: HostProbeResult['failures'] = {};
  const results: CheckResult[] = [];

  if (services.status === 'fulfilled')
    results.push(...serviceCheckResults(watchList.services, services.value));
  else {
    failures.services = services.reason;
    results.push(...unknownResults('service', watchList.services, services.reason));
  }

  if (patches.status === 'fulfilled') results.push(...patchCheckResults(patches.value));
  else {
    failures.patches = patches.reason;
    const targets = knownPatchTargets.length > 0 ? knownPatchTargets : [ALL_PATCHES_TARGET];
    results.push(...unknownResults('patch', targets, patches.reason));
  }

  if (reboot.status === 'fulfilled') results.push(rebootCheckResult(reboot.value));
  else {
    failures.pendingReboot = reboot.reason;
    results.push(...unknownResults('reboot', [REBOOT_TARGET], reboot.reason));
  }

  if (registry.status === 'fulfilled') {
    results.push(...registryCheckResults(watchList.registryKeys, registry.value));
  } else {
    failures.registry = registry.reason;
    results.push(...unknownResults('registry', watchList.registryKeys, registry.reason));
  }

  if (facts.status === 'rejected') failures.facts = facts.reason;
  return {
    results,
    facts: facts.status === 'fulfilled' ? facts.value : null,
    failures,
    patchesRead: patches.status === 'fulfilled',
  };
}

/** Runs `probe`, turning a synchronous throw into a rejection and a hang into a timeout error. */
async function withTimeout<T>(name: ProbeName, probe: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the ${name} probe did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([Promise.resolve().then(probe), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
