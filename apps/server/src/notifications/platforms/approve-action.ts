/**
 * The "Approve fix" action as buttons carry it back: Slack returns the button's `action_id` and `value` (a
 * string of at most 2000 characters) in its interactivity payload; a Feishu card returns the button's
 * `value` object in its card callback. Both carry the incident and the playbook the message offered.
 */
import { z } from 'zod';

export const APPROVE_ACTION_ID = 'approve-fix';

export interface ApproveTarget {
  incidentId: string;
  /** null: the incident's known issue's playbook. */
  playbookId: string | null;
}

const approveValueSchema = z.strictObject({
  action: z.literal(APPROVE_ACTION_ID).optional(),
  incidentId: z.uuid(),
  playbookId: z
    .string()
    .regex(/^[a-z0-9-]{1,100}$/)
    .nullable(),
});

/** The Slack button value: compact JSON. */
export function approveValue(target: ApproveTarget): string {
  return JSON.stringify({ incidentId: target.incidentId, playbookId: target.playbookId });
}

/** The button value back from the platform (a JSON string from Slack, an object from Feishu), or null. */
export function parseApproveValue(value: unknown): ApproveTarget | null {
  let candidate = value;
  if (typeof value === 'string') {
    try {
      candidate = JSON.parse(value);
    } catch {
      return null;
    }
  }
  const parsed = approveValueSchema.safeParse(candidate);
  return parsed.success ? { incidentId: parsed.data.incidentId, playbookId: parsed.data.playbookId } : null;
}
