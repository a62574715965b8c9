/**
 * An observation: one check's result on one host at one time. Each carries a unique, time-ordered id
 * (UUIDv7) so that the server stores it exactly once however often the agent resends it.
 */
import { z } from 'zod';
import { factValueSchema, idSchema, instantSchema, normalizedCodeSchema } from './common';
import { CHECKS, LIMITS, OBSERVATION_REASONS, OBSERVATION_STATUSES } from './constants';

export const observationSchema = z.strictObject({
  id: idSchema,
  hostId: idSchema,
  check: z.enum(CHECKS),
  /** What the check looked at: a service name (`Spooler`), a KB (`KB5005030`), a registry path. */
  target: z.string().min(1).max(LIMITS.targetLength),
  status: z.enum(OBSERVATION_STATUSES),
  /** The error code, normalized; null when there is none. */
  code: normalizedCodeSchema.nullable(),
  /** The code as Windows showed it (e.g. decimal `1060`), when it differs from `code`. */
  codeOriginal: z.string().max(64).nullable(),
  /** Check-specific details, e.g. a service's `state`, `startType`, `win32ExitCode`. */
  facts: z
    .record(z.string().max(64), factValueSchema)
    .refine((facts) => Object.keys(facts).length <= LIMITS.factsPerObservation, {
      error: `expected at most ${LIMITS.factsPerObservation} facts`,
    }),
  /** The log or command-output lines that show the result, verbatim. */
  evidence: z.array(z.string().max(LIMITS.evidenceLineLength)).max(LIMITS.evidenceLines),
  observedAt: instantSchema,
  reason: z.enum(OBSERVATION_REASONS),
});
export type Observation = z.infer<typeof observationSchema>;

/** Facts a `service` observation carries (SCM names for state and start type). */
export interface ServiceObservationFacts {
  displayName: string;
  state: string;
  startType: string;
  win32ExitCode: number;
  serviceSpecificExitCode: number;
  pid: number | null;
  [key: string]: string | number | boolean | null | string[];
}

export const observationBatchSchema = z.strictObject({
  /** Identifies the batch in logs and acks; resending a batch reuses its id. */
  batchId: idSchema,
  observations: z.array(observationSchema).min(1).max(LIMITS.observationsPerBatch),
});
export type ObservationBatch = z.infer<typeof observationBatchSchema>;
