/**
 * Pure views over incident summaries: which list tab shows an incident, the order of the table, the
 * "open incidents" panel's pick, and which of two copies of an incident is the newer. No Vue here.
 */
import type { IncidentSummary } from '@fleetmedic/protocol';
import type { IncidentListStatus } from '../api/incidents';

/** The incident list's tabs, in the order shown; the same words as the API's `status` parameter. */
export const INCIDENT_LIST_TABS = [
  'open',
  'resolved',
  'all',
] as const satisfies readonly IncidentListStatus[];
export type IncidentListTab = (typeof INCIDENT_LIST_TABS)[number];

export function isIncidentListTab(value: unknown): value is IncidentListTab {
  return typeof value === 'string' && (INCIDENT_LIST_TABS as readonly string[]).includes(value);
}

export function matchesTab(incident: IncidentSummary, tab: IncidentListTab): boolean {
  return tab === 'all' || incident.status === tab;
}

export function countByTab(incidents: Iterable<IncidentSummary>): Record<IncidentListTab, number> {
  const counts = { open: 0, resolved: 0, all: 0 };
  for (const incident of incidents) {
    counts[incident.status] += 1;
    counts.all += 1;
  }
  return counts;
}

/**
 * The table's order: open incidents first, newest first, so that one that just opened lands on top and
 * rows do not jump each time a host joins; then resolved ones, most recently resolved first.
 */
export function sortIncidents(incidents: Iterable<IncidentSummary>): IncidentSummary[] {
  return [...incidents].sort(
    (a, b) =>
      statusRank(a) - statusRank(b) ||
      compareNumbers(instantMs(sortInstant(b)), instantMs(sortInstant(a))) ||
      a.id.localeCompare(b.id),
  );
}

/**
 * The few open incidents the fleet page shows: the most hosts failing now first (the biggest problem),
 * then the newest.
 */
export function topOpenIncidents(incidents: Iterable<IncidentSummary>, limit: number): IncidentSummary[] {
  return [...incidents]
    .filter((incident) => incident.status === 'open')
    .sort(
      (a, b) =>
        b.failingHostCount - a.failingHostCount ||
        compareNumbers(instantMs(b.openedAt), instantMs(a.openedAt)) ||
        a.id.localeCompare(b.id),
    )
    .slice(0, limit);
}

/**
 * Whether `candidate` is older than `current`, by the server's `updatedAt`. Equal instants are not stale:
 * a change that does not move `updatedAt` (an acknowledgement, perhaps) must still get through.
 */
export function isStale(candidate: IncidentSummary, current: IncidentSummary | undefined): boolean {
  return current !== undefined && instantMs(candidate.updatedAt) < instantMs(current.updatedAt);
}

function statusRank(incident: IncidentSummary): number {
  return incident.status === 'open' ? 0 : 1;
}

function sortInstant(incident: IncidentSummary): string {
  return incident.status === 'resolved' ? (incident.resolvedAt ?? incident.updatedAt) : incident.openedAt;
}

// Not a subtraction: unreadable instants sort at -Infinity, and -Infinity - -Infinity is NaN.
function compareNumbers(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

function instantMs(instant: string): number {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? Number.NEGATIVE_INFINITY : ms;
}
