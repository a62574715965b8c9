/** Rows as the API and /live show them. */
import { type Playbook, rollbackOf } from '@fleetmedic/knowledge';
import {
  JOB_STATUSES,
  type JobStatus,
  type JobView,
  type PlaybookView,
  type RolloutView,
} from '@fleetmedic/protocol';
import type { JobEntity } from './job.entity';
import type { RolloutEntity } from './rollout.entity';
import { failuresOf } from './rollout-policy';

export function toPlaybookView(playbook: Playbook): PlaybookView {
  return {
    id: playbook.id,
    version: playbook.version,
    title: { ...playbook.title },
    summary: { ...playbook.summary },
    risk: playbook.risk,
    steps: playbook.steps.map((step) => ({ ...step })),
    rollback: rollbackOf(playbook.steps).map((step) => ({ ...step })),
    leavesRestartPending: playbook.leavesRestartPending,
    source: playbook.source,
  };
}

export function toRolloutView(rollout: RolloutEntity, jobs: readonly JobEntity[]): RolloutView {
  const counts = Object.fromEntries(JOB_STATUSES.map((status) => [status, 0])) as Record<JobStatus, number>;
  for (const job of jobs) counts[job.status] += 1;
  return {
    id: rollout.id,
    incidentId: rollout.incidentId,
    playbookId: rollout.playbookId,
    playbookVersion: rollout.playbookVersion,
    status: rollout.status,
    phase: rollout.phase,
    canaryHostId: rollout.canaryHostId,
    hostCount: rollout.hostCount,
    parallelism: rollout.parallelism,
    failureBudget: rollout.failureBudget,
    failures: failuresOf(jobs),
    counts,
    approvedBy: { userId: rollout.approvedById, username: rollout.approvedByName },
    ruleId: rollout.ruleId,
    reason: rollout.reason,
    reasonCode: rollout.reasonCode,
    createdAt: rollout.createdAt,
    updatedAt: rollout.updatedAt,
    finishedAt: rollout.finishedAt,
  };
}

export function toJobView(job: JobEntity, hostname: string): JobView {
  return {
    id: job.id,
    rolloutId: job.rolloutId,
    incidentId: job.incidentId,
    hostId: job.hostId,
    hostname,
    playbookId: job.playbookId,
    canary: job.canary,
    order: job.position,
    status: job.status,
    stepCount: job.stepCount,
    steps: job.steps,
    rollback: job.rollback,
    refusal: job.refusal,
    message: job.message,
    restartPending: job.restartPending,
    createdAt: job.createdAt,
    sentAt: job.sentAt,
    finishedAt: job.finishedAt,
    expiresAt: job.expiresAt,
  };
}
