/**
 * Which of two copies of a rollout or a job is the newer. Live updates arrive in order on the one
 * connection; these rules keep a copy read earlier over REST (or pushed late) from undoing a newer one.
 */
import type { JobView, RolloutView } from '@fleetmedic/protocol';
import { isFinalJobStatus } from './progress';

/** Rollouts carry `updatedAt`: an older copy never replaces a newer one. */
export function isStaleRollout(candidate: RolloutView, current: RolloutView | undefined): boolean {
  return current !== undefined && Date.parse(candidate.updatedAt) < Date.parse(current.updatedAt);
}

/**
 * Jobs carry no time of their last change, and a job may go from `sent` back to `pending` (its agent was
 * busy or did not answer), so only what never changes back is certain: a job that ended stays ended.
 */
export function isStaleJob(candidate: JobView, current: JobView | undefined): boolean {
  return current !== undefined && isFinalJobStatus(current.status) && !isFinalJobStatus(candidate.status);
}
