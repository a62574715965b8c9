/** The one error shape every REST endpoint answers with. */
import { z } from 'zod';

export const apiErrorSchema = z.strictObject({
  statusCode: z.number().int(),
  /** A stable code for scripts, e.g. `HOST_NOT_FOUND`, `INVALID_REQUEST`. */
  code: z.string(),
  /** A sentence for people that names the problem and, where it helps, what to do. */
  message: z.string(),
  issues: z.array(z.strictObject({ path: z.string(), message: z.string() })).optional(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;
