/**
 * What a rollout does next, decided from its state alone (pure, so that it is the same after a restart):
 * the canary runs first and alone; once it succeeds the other hosts follow, at most `parallelism` at a time;
 * the rollout halts at the canary's failure or once more hosts failed than the failure budget allows, and
 * completes when no job is left to run. A canary that refused the job hands its place to the next host. Jobs
 * wait for offline hosts until they expire; the canary is waited for too, and since a rollout's jobs are
 * signed with one expiry, a canary offline until then halts the rollout with every job expired.
 */
import type { JobStatus, RolloutPhase, RolloutStatus, RolloutStopReason } from '@fleetmedic/protocol';

export interface RolloutState {
  status: RolloutStatus;
  phase: RolloutPhase;
  parallelism: number;
  failureBudget: number;
}

export interface JobState {
  id: string;
  hostId: string;
  canary: boolean;
  position: number;
  status: JobStatus;
  expiresAt: string;
}

export type RolloutDecision =
  | { kind: 'expire'; jobIds: string[] }
  | { kind: 'promote-canary'; jobId: string }
  | { kind: 'send'; jobIds: string[] }
  | { kind: 'enter-waves' }
  | { kind: 'halt'; code: RolloutStopReason; reason: string }
  | { kind: 'complete' }
  | { kind: 'wait' };

const IN_FLIGHT: ReadonlySet<JobStatus> = new Set(['sent', 'running']);
/**
 * A job the agent accepted but never reported (its PC died mid-job and never came back) stops holding the
 * rollout this long after it expired. An agent that restarts reports an interrupted job on its own.
 */
export const UNREPORTED_GRACE_MS = 6 * 60 * 60 * 1000;
const FIX_FAILED: ReadonlySet<JobStatus> = new Set(['rolled-back', 'rollback-failed']);
/** Ended without touching the PC: another host can take the canary's place. */
const NEVER_RAN: ReadonlySet<JobStatus> = new Set(['refused', 'expired']);

export function isFinal(status: JobStatus): boolean {
  return status !== 'pending' && !IN_FLIGHT.has(status);
}

export function isFixFailure(status: JobStatus): boolean {
  return FIX_FAILED.has(status);
}

/** Hosts whose fix failed after the canary: what the failure budget counts. */
export function failuresOf(jobs: readonly JobState[]): number {
  return jobs.filter((job) => !job.canary && FIX_FAILED.has(job.status)).length;
}

/**
 * The next thing to do. Apply it and ask again until the answer is `wait`: each decision moves the state
 * forward, so the loop ends.
 */
export function nextDecision(
  rollout: RolloutState,
  jobs: readonly JobState[],
  isOnline: (hostId: string) => boolean,
  now: number,
): RolloutDecision {
  if (rollout.status !== 'running') return { kind: 'wait' };
  const expired = jobs.filter((job) => {
    const expiresAt = Date.parse(job.expiresAt);
    if (job.status === 'pending' || job.status === 'sent') return expiresAt <= now;
    return job.status === 'running' && expiresAt + UNREPORTED_GRACE_MS <= now;
  });
  if (expired.length > 0) return { kind: 'expire', jobIds: expired.map((job) => job.id) };

  const ordered = [...jobs].sort((a, b) => a.position - b.position);
  if (rollout.phase === 'canary') return canaryDecision(ordered, isOnline);

  const failures = failuresOf(ordered);
  if (failures > rollout.failureBudget)
    return {
      kind: 'halt',
      code: 'budget-spent',
      reason: `${failures} host${failures === 1 ? '' : 's'} failed, more than the failure budget of ${rollout.failureBudget}`,
    };
  const pending = ordered.filter((job) => job.status === 'pending');
  const inFlight = ordered.filter((job) => IN_FLIGHT.has(job.status)).length;
  if (pending.length === 0 && inFlight === 0) return { kind: 'complete' };
  const room = rollout.parallelism - inFlight;
  const ready = pending.filter((job) => isOnline(job.hostId)).slice(0, Math.max(0, room));
  return ready.length > 0 ? { kind: 'send', jobIds: ready.map((job) => job.id) } : { kind: 'wait' };
}

function canaryDecision(
  ordered: readonly JobState[],
  isOnline: (hostId: string) => boolean,
): RolloutDecision {
  const canary = ordered.find((job) => job.canary);
  if (canary === undefined || NEVER_RAN.has(canary.status)) {
    const candidates = ordered.filter((job) => !job.canary && job.status === 'pending');
    const next = candidates.find((job) => isOnline(job.hostId)) ?? candidates[0];
    if (next === undefined) {
      return {
        kind: 'halt',
        code: canary === undefined ? 'no-hosts' : 'no-canary',
        reason:
          canary === undefined
            ? 'the rollout has no host to run on'
            : `no host could be the canary: the last one ${canary.status === 'refused' ? 'refused the job' : 'stayed offline until the job expired'}`,
      };
    }
    return { kind: 'promote-canary', jobId: next.id };
  }
  switch (canary.status) {
    case 'succeeded':
      return { kind: 'enter-waves' };
    case 'rolled-back':
      return {
        kind: 'halt',
        code: 'canary-failed',
        reason: 'the canary’s fix failed; the canary PC was put back as it was',
      };
    case 'rollback-failed':
      return {
        kind: 'halt',
        code: 'canary-rollback-failed',
        reason: 'the canary’s fix failed and putting the canary PC back failed too: it needs a person',
      };
    case 'cancelled':
      return { kind: 'halt', code: 'canary-cancelled', reason: 'the canary’s job was cancelled' };
    case 'pending': {
      if (isOnline(canary.hostId)) return { kind: 'send', jobIds: [canary.id] };
      // Nothing was sent to it, so nothing ran there: an online PC takes its place rather than the whole
      // rollout waiting for one laptop. With every PC offline, the first to come back is the canary.
      const stand = ordered.find((job) => !job.canary && job.status === 'pending' && isOnline(job.hostId));
      return stand ? { kind: 'promote-canary', jobId: stand.id } : { kind: 'wait' };
    }
    case 'sent':
    case 'running':
    case 'refused':
    case 'expired':
      return { kind: 'wait' };
  }
}
