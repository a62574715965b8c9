/**
 * The agent's gate for remediation jobs. A job runs only when all of this holds: it is well-formed; its
 * Ed25519 signature verifies with the server key pinned at enrollment; it is for this host; it has not
 * expired and was not accepted before (replays are refused, across restarts); every step is one this agent
 * runs, with fields it accepts; and the PC's local policy allows remediation and this playbook.
 */
import { JOB_LIMITS, JobRefusal } from '@fleetmedic/protocol/constants';
import { type SignedJob, jobSignatureValid } from '@fleetmedic/protocol/remediation-job';
import type { SeenJobs } from './seen-jobs';
import { stepProblem } from './job-steps';

export { JobRefusal } from '@fleetmedic/protocol/constants';

/** What this PC's owner allows, from the agent's local configuration, never from the server. */
export interface RemediationPolicy {
  enabled: boolean;
  /** Playbook ids allowed, or `all`. */
  allowedPlaybooks: readonly string[] | 'all';
}

export type JobDecision =
  { ok: true; job: SignedJob['job'] } | { ok: false; refusal: JobRefusal; message: string };

export interface JobGuardOptions {
  hostId: string;
  /** The server's Ed25519 public key (PEM), pinned at enrollment. */
  serverPublicKey: string;
  policy: RemediationPolicy;
  seen: SeenJobs;
  now?: () => number;
}

export class JobGuard {
  private readonly now: () => number;

  constructor(private readonly options: JobGuardOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Decides on a job message; an accepted job is remembered before this returns, so it never runs twice. */
  async admit(message: unknown): Promise<JobDecision> {
    const shape = shapeProblem(message);
    if (shape !== null) return refuse(JobRefusal.Malformed, shape);
    const signed = message as SignedJob;
    const { job } = signed;
    if (!jobSignatureValid(signed, this.options.serverPublicKey))
      return refuse(
        JobRefusal.BadSignature,
        'the signature does not verify with the server key pinned at enrollment',
      );
    if (job.hostId !== this.options.hostId)
      return refuse(JobRefusal.WrongHost, `the job is for host ${job.hostId}, not this one`);
    const now = this.now();
    if (Date.parse(job.expiresAt) <= now)
      return refuse(JobRefusal.Expired, `the job expired at ${job.expiresAt}`);
    if (this.options.seen.has(job.jobId))
      return refuse(JobRefusal.Replayed, `job ${job.jobId} was accepted before`);
    for (const [index, step] of job.steps.entries()) {
      const problem = stepProblem(step, index);
      if (problem !== null) return refuse(JobRefusal.UnknownStep, problem);
    }
    const { policy } = this.options;
    if (!policy.enabled) return refuse(JobRefusal.RemediationDisabled, 'remediation is disabled on this PC');
    if (policy.allowedPlaybooks !== 'all' && !policy.allowedPlaybooks.includes(job.playbookId))
      return refuse(JobRefusal.PlaybookNotAllowed, `this PC does not allow playbook ${job.playbookId}`);
    await this.options.seen.remember(job.jobId, Date.parse(job.expiresAt), now);
    return { ok: true, job };
  }
}

function refuse(refusal: JobRefusal, message: string): JobDecision {
  return { ok: false, refusal, message };
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** The job id names its backup folder and its report file: nothing but a UUID may do that. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checked by hand: the agent does not load zod (see apps/agent/eslint.config.mjs). */
function shapeProblem(message: unknown): string | null {
  if (!isRecord(message)) return 'expected { job, signature }';
  if (typeof message.signature !== 'string' || message.signature === '') return 'signature: missing';
  const job = message.job;
  if (!isRecord(job)) return 'job: expected an object';
  for (const field of ['jobId', 'hostId', 'incidentId', 'playbookId', 'issuedAt', 'expiresAt'] as const)
    if (typeof job[field] !== 'string' || job[field] === '') return `job.${field}: expected a string`;
  for (const field of ['issuedAt', 'expiresAt'] as const)
    if (!ISO_INSTANT.test(job[field] as string)) return `job.${field}: expected an ISO 8601 instant`;
  if (!UUID.test(job.jobId as string)) return 'job.jobId: expected a UUID';
  if (!Number.isInteger(job.playbookVersion)) return 'job.playbookVersion: expected a whole number';
  if (!Array.isArray(job.steps) || job.steps.length === 0) return 'job.steps: expected a list of steps';
  if (job.steps.length > JOB_LIMITS.steps) return `job.steps: at most ${JOB_LIMITS.steps} steps`;
  for (const [index, step] of (job.steps as unknown[]).entries()) {
    if (!isRecord(step) || typeof step.kind !== 'string')
      return `job.steps[${index}]: expected a step with a kind`;
    for (const value of Object.values(step))
      if (!['string', 'number', 'boolean'].includes(typeof value))
        return `job.steps[${index}]: expected plain values`;
  }
  return null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
