/** How many incidents each error code caused, for the "incidents by error code" chart. */
import type { IncidentSummary } from '@fleetmedic/protocol';

export interface IncidentCodeCount {
  /** Normalized code; null for failures that came without one. */
  code: string | null;
  symbol: string | null;
  open: number;
  resolved: number;
  total: number;
}

/** One entry per code, most incidents first; equal counts by code, the code-less group last. */
export function countIncidentsByCode(incidents: Iterable<IncidentSummary>): IncidentCodeCount[] {
  const byCode = new Map<string | null, IncidentCodeCount>();
  for (const incident of incidents) {
    const entry = byCode.get(incident.code) ?? {
      code: incident.code,
      symbol: null,
      open: 0,
      resolved: 0,
      total: 0,
    };
    entry.symbol ??= incident.symbol;
    entry[incident.status] += 1;
    entry.total += 1;
    byCode.set(incident.code, entry);
  }
  return [...byCode.values()].sort(
    (a, b) =>
      b.total - a.total ||
      (a.code === null ? 1 : 0) - (b.code === null ? 1 : 0) ||
      (a.code ?? '').localeCompare(b.code ?? ''),
  );
}

export interface GroupedCodeCounts {
  shown: IncidentCodeCount[];
  /** The rest, summed into one bar; null when every code is shown. */
  other: { codes: number; open: number; resolved: number; total: number } | null;
}

/** At most `maxBars` bars: the most frequent codes, and the rest together in the last one. */
export function groupRareCodes(counts: readonly IncidentCodeCount[], maxBars: number): GroupedCodeCounts {
  if (counts.length <= maxBars) return { shown: [...counts], other: null };
  const shown = counts.slice(0, Math.max(0, maxBars - 1));
  const rest = counts.slice(shown.length);
  const other = { codes: rest.length, open: 0, resolved: 0, total: 0 };
  for (const entry of rest) {
    other.open += entry.open;
    other.resolved += entry.resolved;
    other.total += entry.total;
  }
  return { shown, other };
}
