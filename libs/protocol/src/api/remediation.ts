/**
 * REST and live shapes of remediation: playbooks, the plan an approver previews, the approval, rollouts
 * (one approved playbook over an incident's hosts, canary first, then waves) and their jobs (one playbook run
 * on one host), and auto-remediation rules (standing approvals).
 */
import { z } from 'zod';
import { idSchema, instantSchema } from '../common';
import { JOB_OUTCOMES, JobRefusal } from '../constants';
import { stepResultSchema } from '../job-messages';

const localizedSchema = z.strictObject({ en: z.string(), 'zh-CN': z.string() });
const riskSchema = z.enum(['low', 'medium', 'high']);
const playbookIdSchema = z
  .string()
  .regex(/^[a-z0-9-]{1,64}$/, { error: 'expected a playbook id such as spooler-rpc-internet' });

export const playbookStepViewSchema = z
  .object({ kind: z.string() })
  .catchall(z.union([z.string(), z.number(), z.boolean()]));

export const playbookViewSchema = z.strictObject({
  id: z.string(),
  version: z.number().int().positive(),
  title: localizedSchema,
  summary: localizedSchema,
  risk: riskSchema,
  steps: z.array(playbookStepViewSchema),
  /** The steps that undo a run that fails at its last step (the worst case), last change first. */
  rollback: z.array(playbookStepViewSchema),
  leavesRestartPending: z.boolean(),
  source: z.string(),
});
export type PlaybookView = z.infer<typeof playbookViewSchema>;

export const playbookListSchema = z.strictObject({ playbooks: z.array(playbookViewSchema) });
export type PlaybookList = z.infer<typeof playbookListSchema>;

export const ROLLOUT_DEFAULTS = {
  /** Hosts fixed at the same time after the canary. */
  parallelism: 5,
  /** Failed hosts (after the canary) the rollout tolerates before it halts. */
  failureBudget: 0,
  /** A job waits this long for an offline host before it expires. */
  jobTtlMs: 24 * 60 * 60 * 1000,
} as const;

/** `POST /api/incidents/:id/approve`. */
export const approveRequestSchema = z.strictObject({
  /** Default: the playbook of the incident's known issue. */
  playbookId: playbookIdSchema.optional(),
  /** Default: every host still failing in the incident. Each must be one of the incident's hosts. */
  hostIds: z.array(idSchema).min(1).max(10_000).optional(),
  parallelism: z.number().int().min(1).max(100).optional(),
  failureBudget: z.number().int().min(0).max(10_000).optional(),
  /** Shown in the audit log. */
  note: z.string().max(500).optional(),
});
export type ApproveRequest = z.infer<typeof approveRequestSchema>;

export const planHostSchema = z.strictObject({
  hostId: idSchema,
  hostname: z.string(),
  online: z.boolean(),
  /** Still failing in this incident (recovered hosts are not fixed again unless chosen). */
  failing: z.boolean(),
});

/** `GET /api/incidents/:id/remediation-plan`: what an approval would run, for the approval preview. */
export const remediationPlanSchema = z.strictObject({
  incidentId: idSchema,
  /** Null when no known issue of the incident has a playbook. */
  playbook: playbookViewSchema.nullable(),
  /** The incident's KB that `${incident.kb}` steps use (update incidents), or null. */
  kb: z.string().nullable(),
  hosts: z.array(planHostSchema),
  /** The first host the playbook runs on: the first of the failing hosts that is online. */
  canaryHostId: idSchema.nullable(),
  parallelism: z.number().int(),
  failureBudget: z.number().int(),
  /** A rollout of this incident that is still running, which another approval would not start beside. */
  activeRolloutId: idSchema.nullable(),
});
export type RemediationPlan = z.infer<typeof remediationPlanSchema>;

export const ROLLOUT_STATUSES = ['running', 'completed', 'halted', 'cancelled'] as const;
export type RolloutStatus = (typeof ROLLOUT_STATUSES)[number];
/** `canary`: one host first; `waves`: the rest, `parallelism` at a time; `done` once nothing is left to run. */
export const ROLLOUT_PHASES = ['canary', 'waves', 'done'] as const;
/** Why a rollout stopped before its end, for people in their own language (`reason` says it in English). */
export const ROLLOUT_STOP_REASONS = [
  'canary-failed',
  'canary-rollback-failed',
  'canary-cancelled',
  'no-canary',
  'no-hosts',
  'budget-spent',
  'cancelled',
] as const;
export type RolloutStopReason = (typeof ROLLOUT_STOP_REASONS)[number];
export type RolloutPhase = (typeof ROLLOUT_PHASES)[number];

/**
 * `pending`: signed, waiting for its turn or for its host to come online; `sent`: handed to the agent;
 * `running`: the agent accepted it; then `succeeded`, `rolled-back` or `rollback-failed` as the agent reports,
 * `refused` by the agent, `expired` before its host came back, or `cancelled` before it was sent.
 */
export const JOB_STATUSES = [
  'pending',
  'sent',
  'running',
  ...JOB_OUTCOMES,
  'refused',
  'expired',
  'cancelled',
] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const actorSchema = z.strictObject({ userId: z.string().nullable(), username: z.string() });

export const rolloutViewSchema = z.strictObject({
  id: idSchema,
  incidentId: idSchema,
  playbookId: z.string(),
  playbookVersion: z.number().int(),
  status: z.enum(ROLLOUT_STATUSES),
  phase: z.enum(ROLLOUT_PHASES),
  canaryHostId: idSchema.nullable(),
  hostCount: z.number().int().nonnegative(),
  parallelism: z.number().int(),
  failureBudget: z.number().int(),
  /** Hosts whose job failed (rolled back or not) after the canary. */
  failures: z.number().int().nonnegative(),
  /** Jobs per status. */
  counts: z.record(z.enum(JOB_STATUSES), z.number().int().nonnegative()),
  /** Who approved: a person, or the auto-remediation rule (username `rule:<id>`). */
  approvedBy: actorSchema,
  ruleId: idSchema.nullable(),
  /** Why it halted or was cancelled, in English. */
  reason: z.string().nullable(),
  reasonCode: z.enum(ROLLOUT_STOP_REASONS).nullable(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  finishedAt: instantSchema.nullable(),
});
export type RolloutView = z.infer<typeof rolloutViewSchema>;

export const jobViewSchema = z.strictObject({
  id: idSchema,
  rolloutId: idSchema,
  incidentId: idSchema,
  hostId: idSchema,
  hostname: z.string(),
  playbookId: z.string(),
  canary: z.boolean(),
  /** Its place in the rollout: 0 for the canary, then 1, 2… in the order hosts are fixed. */
  order: z.number().int().nonnegative(),
  status: z.enum(JOB_STATUSES),
  /** How many steps the playbook has, for progress bars. */
  stepCount: z.number().int().positive(),
  steps: z.array(stepResultSchema),
  rollback: z.array(stepResultSchema),
  refusal: z.enum(Object.values(JobRefusal) as [JobRefusal]).nullable(),
  message: z.string().nullable(),
  restartPending: z.boolean(),
  createdAt: instantSchema,
  sentAt: instantSchema.nullable(),
  finishedAt: instantSchema.nullable(),
  expiresAt: instantSchema,
});
export type JobView = z.infer<typeof jobViewSchema>;

export const rolloutListSchema = z.strictObject({ rollouts: z.array(rolloutViewSchema) });
export type RolloutList = z.infer<typeof rolloutListSchema>;
export const jobListSchema = z.strictObject({ jobs: z.array(jobViewSchema) });
export type JobList = z.infer<typeof jobListSchema>;

/** `POST /api/auto-remediation-rules`: a standing approval for future incidents. */
export const autoRuleRequestSchema = z
  .strictObject({
    /** Incidents matched to this known issue… */
    knownIssueId: z.string().min(1).max(100).optional(),
    /** …or of exactly this fingerprint (`service:spooler:0x80070057`). */
    fingerprint: z.string().min(3).max(300).optional(),
    /** Default: the known issue's playbook. */
    playbookId: playbookIdSchema.optional(),
    /** Only hosts carrying every one of these tags; none: any host. */
    tags: z.array(z.string().min(1).max(64)).max(20).default([]),
    /** At most this many hosts a day (UTC) are fixed under this rule. */
    maxHostsPerDay: z.number().int().min(1).max(10_000),
    parallelism: z.number().int().min(1).max(100).optional(),
    failureBudget: z.number().int().min(0).max(10_000).optional(),
    /** After this the rule approves nothing. */
    expiresAt: instantSchema.optional(),
    note: z.string().max(500).optional(),
  })
  .refine((rule) => (rule.knownIssueId === undefined) !== (rule.fingerprint === undefined), {
    error: 'give exactly one of knownIssueId and fingerprint',
    path: ['knownIssueId'],
  });
export type AutoRuleRequest = z.input<typeof autoRuleRequestSchema>;

export const autoRuleViewSchema = z.strictObject({
  id: idSchema,
  knownIssueId: z.string().nullable(),
  fingerprint: z.string().nullable(),
  playbookId: z.string(),
  tags: z.array(z.string()),
  maxHostsPerDay: z.number().int(),
  parallelism: z.number().int(),
  failureBudget: z.number().int(),
  expiresAt: instantSchema.nullable(),
  note: z.string().nullable(),
  createdBy: actorSchema,
  createdAt: instantSchema,
  /** Hosts approved under this rule today (UTC). */
  hostsToday: z.number().int().nonnegative(),
  /** Rollouts it started. */
  rollouts: z.number().int().nonnegative(),
});
export type AutoRuleView = z.infer<typeof autoRuleViewSchema>;
export const autoRuleListSchema = z.strictObject({ rules: z.array(autoRuleViewSchema) });
export type AutoRuleList = z.infer<typeof autoRuleListSchema>;

export const rolloutIdParamSchema = z.strictObject({ id: idSchema });
export const ruleIdParamSchema = z.strictObject({ id: idSchema });

/** `GET /api/rollouts?incident=ID`: an incident's rollouts, newest first; without it, the latest 100. */
export const rolloutListQuerySchema = z.strictObject({ incident: idSchema.optional() });
export type RolloutListQuery = z.infer<typeof rolloutListQuerySchema>;

/** `GET /api/jobs?incident=ID` or `?rollout=ID` (exactly one). */
export const jobListQuerySchema = z
  .strictObject({ incident: idSchema.optional(), rollout: idSchema.optional() })
  .refine((query) => (query.incident === undefined) !== (query.rollout === undefined), {
    error: 'give exactly one of incident and rollout',
    path: ['incident'],
  });
export type JobListQuery = z.infer<typeof jobListQuerySchema>;
