/**
 * Pure views over host summaries: the fleet's counts, the main services' cells, filtering and ordering of
 * the host table. No Vue here, so that it is tested as plain functions.
 */
import type { CheckState, HostSummary } from '@fleetmedic/protocol';

/** The services the fleet table shows a column for, as the agent names their targets. */
export const MAIN_SERVICES = ['Spooler', 'CryptSvc', 'wuauserv', 'BITS'] as const;
export type MainService = (typeof MAIN_SERVICES)[number];

export { countFleet, type FleetCounts } from '@fleetmedic/protocol/fleet-health';

/** A service check by name; Windows service names are case-insensitive. */
export function findServiceCheck(host: HostSummary, service: string): CheckState | undefined {
  const wanted = service.toLowerCase();
  return host.checks.find((check) => check.check === 'service' && check.target.toLowerCase() === wanted);
}

/** The SCM state a service check reports (`RUNNING`, `STOPPED`, …), if any. */
export function serviceState(check: CheckState): string | null {
  const state = check.facts.state;
  return typeof state === 'string' && state.length > 0 ? state : null;
}

/** Failing checks that the table has no column for (patches, registry, other services). */
export function otherFailingChecks(host: HostSummary): CheckState[] {
  const main = new Set<string>(MAIN_SERVICES.map((service) => service.toLowerCase()));
  return host.checks.filter(
    (check) =>
      check.status === 'failing' && !(check.check === 'service' && main.has(check.target.toLowerCase())),
  );
}

export const HOST_FILTER_MODES = ['all', 'failing', 'offline'] as const;
export type HostFilterMode = (typeof HOST_FILTER_MODES)[number];

export function isHostFilterMode(value: unknown): value is HostFilterMode {
  return typeof value === 'string' && (HOST_FILTER_MODES as readonly string[]).includes(value);
}

export interface HostFilter {
  /** Free text: matches hostname, OS build, and the targets and codes of failing checks. */
  text: string;
  mode: HostFilterMode;
}

export function filterHosts(hosts: readonly HostSummary[], filter: HostFilter): HostSummary[] {
  const terms = filter.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return hosts.filter(
    (host) => matchesMode(host, filter.mode) && terms.every((term) => matchesText(host, term)),
  );
}

function matchesMode(host: HostSummary, mode: HostFilterMode): boolean {
  switch (mode) {
    case 'all':
      return true;
    case 'failing':
      return host.health === 'failing';
    case 'offline':
      return !host.online;
  }
}

function matchesText(host: HostSummary, term: string): boolean {
  if (host.hostname.toLowerCase().includes(term)) return true;
  if (host.osBuild?.toLowerCase().includes(term)) return true;
  return host.checks.some(
    (check) =>
      check.status === 'failing' &&
      (check.target.toLowerCase().includes(term) ||
        check.code?.includes(term) === true ||
        check.codeOriginal?.toLowerCase().includes(term) === true),
  );
}

export const HOST_SORT_KEYS = ['hostname', 'health', 'lastSeen'] as const;
export type HostSortKey = (typeof HOST_SORT_KEYS)[number];
export type SortDirection = 'asc' | 'desc';

const HEALTH_RANK: Record<HostSummary['health'], number> = { failing: 0, unknown: 1, healthy: 2 };
const hostnameCollator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/**
 * Orders hosts for the table. `health` ascending puts trouble first: failing, unknown, healthy, and within
 * each offline before online. Ties always fall back to the hostname so rows never jump around.
 */
export function sortHosts(
  hosts: readonly HostSummary[],
  key: HostSortKey,
  direction: SortDirection,
): HostSummary[] {
  const sign = direction === 'asc' ? 1 : -1;
  const byHostname = (a: HostSummary, b: HostSummary): number =>
    hostnameCollator.compare(a.hostname, b.hostname);
  const compare = (a: HostSummary, b: HostSummary): number => {
    switch (key) {
      case 'hostname':
        return sign * byHostname(a, b);
      case 'health':
        return (
          sign * (HEALTH_RANK[a.health] - HEALTH_RANK[b.health] || Number(a.online) - Number(b.online)) ||
          byHostname(a, b)
        );
      case 'lastSeen':
        return sign * compareNumbers(instantMs(a.lastSeenAt), instantMs(b.lastSeenAt)) || byHostname(a, b);
    }
  };
  return [...hosts].sort(compare);
}

// Not a subtraction: never-seen hosts sort at -Infinity, and -Infinity - -Infinity is NaN.
function compareNumbers(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Milliseconds since the epoch; a missing or unreadable instant sorts as the oldest. */
export function instantMs(instant: string | null): number {
  if (instant === null) return Number.NEGATIVE_INFINITY;
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}
