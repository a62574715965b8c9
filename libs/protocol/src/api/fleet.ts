/** REST shapes of `/api/fleet`: the fleet's health over time. */
import { z } from 'zod';
import { instantSchema } from '../common';

/** Host counts at one instant. `failing` counts hosts with a failing check, online or not. */
export const fleetSampleSchema = z.strictObject({
  at: instantSchema,
  total: z.number().int().nonnegative(),
  online: z.number().int().nonnegative(),
  offline: z.number().int().nonnegative(),
  healthy: z.number().int().nonnegative(),
  failing: z.number().int().nonnegative(),
});
export type FleetSample = z.infer<typeof fleetSampleSchema>;

export const fleetHistoryQuerySchema = z.strictObject({
  minutes: z.coerce
    .number({ error: 'expected a number of minutes' })
    .int({ error: 'expected a whole number of minutes' })
    .min(1, { error: 'expected at least 1 minute' })
    .max(10080, { error: 'expected at most 10080 minutes (7 days)' })
    .default(60),
});
export type FleetHistoryQuery = z.infer<typeof fleetHistoryQuerySchema>;

export const fleetHistorySchema = z.strictObject({
  samples: z.array(fleetSampleSchema),
});
export type FleetHistory = z.infer<typeof fleetHistorySchema>;
