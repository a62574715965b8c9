/**
 * Observation times come from the PCs' clocks. They are stored in one form (UTC, milliseconds, 24
 * characters), and a time too far in the future is taken as the time the server received it, so that a
 * PC whose clock ran ahead cannot pin a check's state until real time catches up.
 */
import type { Observation } from '@fleetmedic/protocol';

/** Clocks drift; beyond this an observation's time is not believed. */
export const MAX_CLOCK_AHEAD_MS = 5 * 60 * 1000;

export function withServerTime(observation: Observation, receivedAt: string): Observation {
  const observed = Date.parse(observation.observedAt);
  const received = Date.parse(receivedAt);
  const believable = observed <= received + MAX_CLOCK_AHEAD_MS ? observed : received;
  const observedAt = new Date(believable).toISOString();
  return observedAt === observation.observedAt ? observation : { ...observation, observedAt };
}
