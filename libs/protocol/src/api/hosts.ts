/** REST shapes of `/api/hosts`. */
import { z } from 'zod';
import { factValueSchema, idSchema, instantSchema, normalizedCodeSchema } from '../common';
import { CHECKS, HOST_HEALTH, OBSERVATION_STATUSES } from '../constants';
import { hostFactsSchema } from '../host-facts';

/** The latest result of one check on one host. */
export const checkStateSchema = z.strictObject({
  check: z.enum(CHECKS),
  target: z.string(),
  status: z.enum(OBSERVATION_STATUSES),
  code: normalizedCodeSchema.nullable(),
  codeOriginal: z.string().nullable(),
  facts: z.record(z.string(), factValueSchema),
  evidence: z.array(z.string()),
  observationId: idSchema,
  observedAt: instantSchema,
  /** When the status or code last changed. */
  changedAt: instantSchema,
});
export type CheckState = z.infer<typeof checkStateSchema>;

export const hostSummarySchema = z.strictObject({
  id: idSchema,
  hostname: z.string(),
  online: z.boolean(),
  health: z.enum(HOST_HEALTH),
  lastSeenAt: instantSchema.nullable(),
  enrolledAt: instantSchema,
  agentVersion: z.string(),
  osBuild: z.string().nullable(),
  /** Observations the agent reported still waiting in its outbox at its last heartbeat. */
  outboxDepth: z.number().int(),
  checks: z.array(checkStateSchema),
});
export type HostSummary = z.infer<typeof hostSummarySchema>;

export const hostDetailSchema = hostSummarySchema.extend({
  facts: hostFactsSchema.nullable(),
});
export type HostDetail = z.infer<typeof hostDetailSchema>;

export const hostListSchema = z.strictObject({
  hosts: z.array(hostSummarySchema),
});
export type HostList = z.infer<typeof hostListSchema>;

export const hostIdParamSchema = z.strictObject({ id: idSchema });
