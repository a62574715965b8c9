/**
 * Where a rollout and each of its host jobs stand, from the views the server sends: steps done of the
 * playbook's steps, the step running or the one that failed (with its message), the steps that put the PC
 * back after a failure, and the rollout's counts against its failure budget.
 */
import {
  JOB_STATUSES,
  type JobStatus,
  type JobView,
  type RolloutView,
  type StepResult,
} from '@fleetmedic/protocol';

/** Statuses after which a job changes no more. */
const FINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set([
  'succeeded',
  'rolled-back',
  'rollback-failed',
  'refused',
  'expired',
  'cancelled',
]);
/** The fix ran and failed on the PC: what the failure budget counts (after the canary). */
const FIX_FAILED: ReadonlySet<JobStatus> = new Set(['rolled-back', 'rollback-failed']);
/** Ended without the fix: refused by the agent, or the PC never came back before the job expired. */
const NOT_RUN: ReadonlySet<JobStatus> = new Set(['refused', 'expired', 'cancelled']);

export function isFinalJobStatus(status: JobStatus): boolean {
  return FINAL_JOB_STATUSES.has(status);
}

/** How a status looks: the badge tone shared with the rest of the dashboard. */
export type ProgressTone = 'healthy' | 'failing' | 'warn' | 'info' | 'offline';

export const JOB_STATUS_TONES: Record<JobStatus, ProgressTone> = {
  pending: 'offline',
  sent: 'info',
  running: 'info',
  succeeded: 'healthy',
  'rolled-back': 'warn',
  'rollback-failed': 'failing',
  refused: 'failing',
  expired: 'offline',
  cancelled: 'offline',
};

export interface StepsProgress {
  /** The latest result of each step that reported, in step order. */
  steps: StepResult[];
  /** Steps that succeeded. */
  done: number;
  /** The step running now. */
  running: StepResult | null;
  /** The first step that failed. */
  failed: StepResult | null;
}

export interface HostJobProgress {
  run: StepsProgress;
  /** Steps in the playbook, for "3 of 4". */
  stepCount: number;
  /** 0–100, by steps done (100 once the job succeeded, whatever the step reports said). */
  percent: number;
  /** Present once something was undone after a failure. */
  rollback: (StepsProgress & { total: number }) | null;
  finished: boolean;
}

/** Several reports of one step (running, then succeeded) collapse into the latest. */
function latestPerStep(results: readonly StepResult[]): StepResult[] {
  const byIndex = new Map<number, StepResult>();
  for (const result of results) byIndex.set(result.index, result);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

function stepsProgress(results: readonly StepResult[]): StepsProgress {
  const steps = latestPerStep(results);
  return {
    steps,
    done: steps.filter((step) => step.status === 'succeeded').length,
    running: steps.find((step) => step.status === 'running') ?? null,
    failed: steps.find((step) => step.status === 'failed') ?? null,
  };
}

export function jobProgress(job: JobView): HostJobProgress {
  // Each result names its phase: where the server files it does not matter.
  const results = [...job.steps, ...job.rollback];
  const run = stepsProgress(results.filter((step) => step.phase === 'run'));
  const undone = stepsProgress(results.filter((step) => step.phase === 'rollback'));
  const stepCount = Math.max(job.stepCount, run.steps.length);
  const done = job.status === 'succeeded' ? stepCount : Math.min(run.done, stepCount);
  return {
    run,
    stepCount,
    percent: stepCount === 0 ? 0 : Math.round((done / stepCount) * 100),
    rollback: undone.steps.length > 0 ? { ...undone, total: undone.steps.length } : null,
    finished: isFinalJobStatus(job.status),
  };
}

export interface RolloutTally {
  hostCount: number;
  counts: Record<JobStatus, number>;
  /** Jobs that ended, whatever the outcome. */
  finished: number;
  succeeded: number;
  /** The fix failed on the PC (put back, or not). */
  fixFailed: number;
  /** Refused, expired or cancelled: the fix never ran. */
  notRun: number;
  /** Waiting for their turn or for their PC (pending), or handed over (sent, running). */
  waiting: number;
  inProgress: number;
  /** Failed hosts after the canary, and how many more the budget allows before the rollout halts. */
  failures: number;
  failureBudget: number;
  budgetLeft: number;
  overBudget: boolean;
}

function emptyCounts(): Record<JobStatus, number> {
  return Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<JobStatus, number>;
}

/**
 * The rollout's counts. The jobs, when known, are counted (they arrive live before the rollout's own update
 * and are the fresher); otherwise the rollout's own `counts` are used.
 */
export function rolloutTally(rollout: RolloutView, jobs: readonly JobView[]): RolloutTally {
  const counts = emptyCounts();
  if (jobs.length > 0) for (const job of jobs) counts[job.status] += 1;
  else for (const status of JOB_STATUSES) counts[status] = rollout.counts[status] ?? 0;
  const sum = (statuses: ReadonlySet<JobStatus>): number =>
    [...statuses].reduce((total, status) => total + counts[status], 0);
  const failures =
    jobs.length > 0
      ? jobs.filter((job) => !job.canary && FIX_FAILED.has(job.status)).length
      : rollout.failures;
  return {
    hostCount: Math.max(rollout.hostCount, jobs.length),
    counts,
    finished: sum(FINAL_JOB_STATUSES),
    succeeded: counts.succeeded,
    fixFailed: sum(FIX_FAILED),
    notRun: sum(NOT_RUN),
    waiting: counts.pending,
    inProgress: counts.sent + counts.running,
    failures,
    failureBudget: rollout.failureBudget,
    budgetLeft: Math.max(0, rollout.failureBudget - failures),
    overBudget: failures > rollout.failureBudget,
  };
}

/** Jobs in the order the rollout runs them: the canary first, then the waves. */
export function inRunOrder(jobs: Iterable<JobView>): JobView[] {
  return [...jobs].sort((a, b) => a.order - b.order || a.hostname.localeCompare(b.hostname));
}
