/**
 * The one definition of a host's health and of the fleet's counts, used by the server (REST, live pushes,
 * fleet samples) and the dashboard (tiles) alike, so that the numbers on the screen always agree.
 * Free of zod: import it from `@fleetmedic/protocol/fleet-health` where zod must not be loaded.
 */
import type { HostHealth, ObservationStatus } from './constants';

/** Failing when any check fails; unknown while nothing is known (no checks, or only unknown ones); else healthy. */
export function hostHealth(checks: readonly { status: ObservationStatus }[]): HostHealth {
  if (checks.some((check) => check.status === 'failing')) return 'failing';
  if (checks.some((check) => check.status === 'ok')) return 'healthy';
  return 'unknown';
}

export interface FleetCounts {
  total: number;
  online: number;
  offline: number;
  /** Online hosts whose health is `healthy`. */
  healthy: number;
  /** Hosts whose health is `failing`, online or not: a host that went dark still has its problem. */
  failing: number;
}

export function countFleet(hosts: Iterable<{ online: boolean; health: HostHealth }>): FleetCounts {
  const counts: FleetCounts = { total: 0, online: 0, offline: 0, healthy: 0, failing: 0 };
  for (const host of hosts) {
    counts.total += 1;
    if (host.online) counts.online += 1;
    else counts.offline += 1;
    if (host.online && host.health === 'healthy') counts.healthy += 1;
    if (host.health === 'failing') counts.failing += 1;
  }
  return counts;
}
