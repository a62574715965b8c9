/** The "affected hosts over time" series: a step line drawn from the incident's timeline. */
import type { IncidentEvent } from '@fleetmedic/protocol';

export interface StepPoint {
  /** Milliseconds since the epoch. */
  x: number;
  /** Hosts failing from this instant on. */
  y: number;
  /** The point that carries the last count to the end of the chart: not an event, drawn without a dot. */
  closing?: true;
}

/**
 * One point per instant with the failing-host count right after it (of events at the same instant, the
 * last one's count holds), in time order. When `endMs` is later than the last event, a closing point at
 * `endMs` carries the last count there, so that an open incident's line reaches the present.
 */
export function affectedHostsSeries(timeline: readonly IncidentEvent[], endMs: number | null): StepPoint[] {
  const byInstant = new Map<number, number>();
  for (const event of orderTimeline(timeline)) {
    const at = Date.parse(event.at);
    if (!Number.isNaN(at)) byInstant.set(at, event.failingHostCount);
  }
  const points: StepPoint[] = [...byInstant.entries()].map(([x, y]) => ({ x, y }));
  const last = points.at(-1);
  if (last !== undefined && endMs !== null && endMs > last.x)
    points.push({ x: endMs, y: last.y, closing: true });
  return points;
}

/** The highest count the series reaches, for the axis and the chart's text alternative. */
export function peakCount(points: readonly StepPoint[]): number {
  return points.reduce((peak, point) => Math.max(peak, point.y), 0);
}

/** The timeline in time order, oldest first; events at the same instant keep the server's order. */
export function orderTimeline(timeline: readonly IncidentEvent[]): IncidentEvent[] {
  return timeline
    .map((event, index) => ({ event, index, at: Date.parse(event.at) }))
    .sort((a, b) => compareInstants(a.at, b.at) || a.index - b.index)
    .map(({ event }) => event);
}

// Unreadable instants go last rather than poisoning the comparison with NaN.
function compareInstants(a: number, b: number): number {
  const x = Number.isNaN(a) ? Number.POSITIVE_INFINITY : a;
  const y = Number.isNaN(b) ? Number.POSITIVE_INFINITY : b;
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Round tick spacings for a time axis, in minutes. */
const TICK_STEPS_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];

/** Tick positions on round instants (every 5 min, every hour, every day…), at most `maxTicks` of them. */
export function timeTicks(minMs: number, maxMs: number, maxTicks = 6): number[] {
  if (!(maxMs > minMs)) return [minMs];
  const spanMinutes = (maxMs - minMs) / 60_000;
  const stepMinutes =
    TICK_STEPS_MINUTES.find((step) => spanMinutes / step <= maxTicks) ??
    Math.ceil(spanMinutes / maxTicks / 10080) * 10080;
  const step = stepMinutes * 60_000;
  const ticks: number[] = [];
  for (let value = Math.ceil(minMs / step) * step; value <= maxMs; value += step) ticks.push(value);
  return ticks;
}
