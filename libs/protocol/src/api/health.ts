/** REST shape of `GET /api/health`. */
import { z } from 'zod';
import { instantSchema } from '../common';

export const healthSchema = z.strictObject({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  protocolVersion: z.number().int(),
  database: z.enum(['ok', 'unreachable']),
  uptimeSeconds: z.number(),
  time: instantSchema,
});
export type Health = z.infer<typeof healthSchema>;
