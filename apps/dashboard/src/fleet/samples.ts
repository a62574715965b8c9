/** The fleet-health series the chart draws: fleet samples in time order, deduplicated, bounded. */
import type { FleetSample } from '@fleetmedic/protocol';

export interface SeriesLimits {
  /** Hard cap on points, whatever the sampling rate. */
  maxSamples: number;
  /** Samples older than this before the newest one fall off the chart. */
  windowMs: number;
}

/**
 * Merges samples into a series. A sample with the same instant as an existing one replaces it (the later
 * word wins), so a refetch after a reconnect and the live samples that raced it never draw twice.
 */
export function mergeSamples(
  existing: readonly FleetSample[],
  incoming: readonly FleetSample[],
  limits: SeriesLimits,
): FleetSample[] {
  const byInstant = new Map<number, FleetSample>();
  for (const sample of [...existing, ...incoming]) {
    const at = Date.parse(sample.at);
    if (!Number.isNaN(at)) byInstant.set(at, sample);
  }
  const ordered = [...byInstant.entries()].sort(([a], [b]) => a - b);
  const newest = ordered.at(-1)?.[0];
  if (newest === undefined) return [];
  const oldestKept = newest - limits.windowMs;
  return ordered
    .filter(([at]) => at >= oldestKept)
    .slice(-limits.maxSamples)
    .map(([, sample]) => sample);
}

/** Appends one live sample; the common case (newer than the last) does not re-sort the series. */
export function appendSample(
  existing: readonly FleetSample[],
  sample: FleetSample,
  limits: SeriesLimits,
): FleetSample[] {
  const last = existing.at(-1);
  const at = Date.parse(sample.at);
  if (last === undefined || Number.isNaN(at) || at <= Date.parse(last.at)) {
    return mergeSamples(existing, [sample], limits);
  }
  const oldestKept = at - limits.windowMs;
  const next = [...existing, sample];
  let drop = Math.max(0, next.length - limits.maxSamples);
  while (drop < next.length && Date.parse(next[drop]!.at) < oldestKept) drop += 1;
  return drop > 0 ? next.slice(drop) : next;
}
