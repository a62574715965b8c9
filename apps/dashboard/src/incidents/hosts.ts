/** The affected-hosts table's order: hosts still failing first, longest-failing first; recovered ones after. */
import type { IncidentHost } from '@fleetmedic/protocol';

export function sortAffectedHosts(hosts: readonly IncidentHost[]): IncidentHost[] {
  return [...hosts].sort(
    (a, b) =>
      Number(a.recoveredAt !== null) - Number(b.recoveredAt !== null) ||
      compareNumbers(instantMs(a.since), instantMs(b.since)) ||
      a.hostname.localeCompare(b.hostname),
  );
}

/** How many of the hosts are failing right now. */
export function countFailing(hosts: readonly IncidentHost[]): number {
  return hosts.filter((host) => host.recoveredAt === null).length;
}

function compareNumbers(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function instantMs(instant: string): number {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}
