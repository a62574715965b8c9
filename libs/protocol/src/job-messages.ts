/**
 * Remediation on `/agents`: the server sends a signed job (`job`, see `remediation-job.ts`), the agent answers
 * with its decision, reports each step as it runs (`job.progress`) and the outcome when the job ends
 * (`job.report`). The report is kept on the agent's disk and sent again until the server acks it, so an
 * outcome survives a lost connection or a server restart; the server takes it once, by job id.
 */
import { z } from 'zod';
import { idSchema, instantSchema } from './common';
import { JOB_LIMITS, JOB_OUTCOMES, JobRefusal, STEP_PHASES, STEP_STATUSES } from './constants';

const messageSchema = z.string().max(JOB_LIMITS.messageLength);

/** The agent's answer to `job`: it runs the job now, or refuses it and says why. */
export type JobDecisionAck =
  | { ok: true; jobId: string; accepted: true }
  | { ok: true; jobId: string; accepted: false; refusal: JobRefusal; message: string };

export const jobDecisionAckSchema = z.discriminatedUnion('accepted', [
  z.strictObject({ ok: z.literal(true), jobId: z.string().max(100), accepted: z.literal(true) }),
  z.strictObject({
    ok: z.literal(true),
    jobId: z.string().max(100),
    accepted: z.literal(false),
    refusal: z.enum(Object.values(JobRefusal) as [JobRefusal]),
    message: messageSchema,
  }),
]);

/** One step as it ran (or ran back). `index` is its place in the job's steps, or in the rollback steps. */
export const stepResultSchema = z.strictObject({
  phase: z.enum(STEP_PHASES),
  index: z.number().int().nonnegative().max(JOB_LIMITS.steps),
  kind: z.string().max(64),
  status: z.enum(STEP_STATUSES),
  startedAt: instantSchema,
  finishedAt: instantSchema.nullable(),
  /** What happened, in a sentence: `Spooler is RUNNING`, `reg.exe exited with 1: …`. */
  message: messageSchema,
  /** The last lines the command printed, verbatim, when it matters (a failure). */
  output: z.array(z.string().max(JOB_LIMITS.outputLineLength)).max(JOB_LIMITS.outputLines),
});
export type StepResult = z.infer<typeof stepResultSchema>;

/** A step started or ended: sent as it happens, for live progress; the report repeats it. */
export const jobProgressSchema = z.strictObject({
  jobId: idSchema,
  step: stepResultSchema,
  sentAt: instantSchema,
});
export type JobProgress = z.infer<typeof jobProgressSchema>;

/** How a job ended on the PC, with every step that ran and, after a failure, every step that undid it. */
export const jobReportSchema = z.strictObject({
  jobId: idSchema,
  outcome: z.enum(JOB_OUTCOMES),
  steps: z.array(stepResultSchema).max(JOB_LIMITS.steps),
  rollback: z.array(stepResultSchema).max(JOB_LIMITS.steps),
  /** A restart is pending on the PC now (an update was installed). */
  restartPending: z.boolean(),
  /** A sentence for people: what succeeded, or which step failed and whether the PC was put back. */
  message: messageSchema,
  startedAt: instantSchema,
  finishedAt: instantSchema,
});
export type JobReport = z.infer<typeof jobReportSchema>;
