/**
 * How pending observations become batches: oldest first, at most LIMITS.observationsPerBatch observations and
 * at most MAX_BATCH_BYTES of JSON each, so that a batch fits the server's socket message limit (4 MB) with
 * room to spare and is validated and stored in one short transaction.
 *
 * Each observation goes out with the agent's current id, not the one it had when the observation was made:
 * an observation made on this PC is about this PC whatever id the server gave it since (enrolled again, or
 * the server's database rebuilt), and the server refuses observations that name another host.
 */
import type { Observation, ObservationBatch } from '@fleetmedic/protocol';
import { LIMITS } from '@fleetmedic/protocol/constants';

/** The largest batch the agent sends, in bytes of JSON (the server accepts socket messages of up to 4 MB). */
export const MAX_BATCH_BYTES = 1_000_000;

export interface BatchLimits {
  maxObservations: number;
  maxBytes: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = {
  maxObservations: LIMITS.observationsPerBatch,
  maxBytes: MAX_BATCH_BYTES,
};

export type BatchCut =
  /** The next batch: the oldest observations that fit. */
  | { batch: ObservationBatch; tooLarge?: undefined }
  /** The oldest observation alone is over the byte budget: it can never be sent. */
  | { batch?: undefined; tooLarge: { observation: Observation; bytes: number } };

/**
 * The next batch from `pending` (oldest first), stamped with `hostId`; null when nothing is pending. The
 * byte count is exact: JSON.stringify joins array items with a comma and nothing else.
 */
export function cutBatch(
  batchId: string,
  pending: readonly Observation[],
  hostId: string,
  limits: BatchLimits = DEFAULT_BATCH_LIMITS,
): BatchCut | null {
  const observations: Observation[] = [];
  let bytes = jsonBytes({ batchId, observations: [] });
  for (const candidate of pending) {
    if (observations.length >= limits.maxObservations) break;
    const observation = withHostId(candidate, hostId);
    const size = jsonBytes(observation) + (observations.length > 0 ? 1 : 0);
    if (bytes + size > limits.maxBytes) {
      if (observations.length > 0) break;
      return { tooLarge: { observation, bytes: bytes + size } };
    }
    observations.push(observation);
    bytes += size;
  }
  return observations.length === 0 ? null : { batch: { batchId, observations } };
}

/** The batch as it goes out now: a batch resent after the agent's id changed carries the new one. */
export function stampBatch(batch: ObservationBatch, hostId: string): ObservationBatch {
  if (batch.observations.every((observation) => observation.hostId === hostId)) return batch;
  return { ...batch, observations: batch.observations.map((observation) => withHostId(observation, hostId)) };
}

export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

function withHostId(observation: Observation, hostId: string): Observation {
  return observation.hostId === hostId ? observation : { ...observation, hostId };
}
