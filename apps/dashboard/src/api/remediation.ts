/** The remediation endpoints: playbooks, an incident's plan and approval, rollouts and their jobs. */
import type {
  ApproveRequest,
  JobList,
  PlaybookList,
  RemediationPlan,
  RolloutList,
  RolloutView,
} from '@fleetmedic/protocol';
import { getJson, postJson } from './client';

const incidentPath = (id: string): string => `/incidents/${encodeURIComponent(id)}`;

export function listPlaybooks(signal?: AbortSignal): Promise<PlaybookList> {
  return getJson<PlaybookList>('/playbooks', { signal });
}

/** What approving the incident would run: the playbook, the hosts, the canary and the defaults. */
export function getRemediationPlan(incidentId: string, signal?: AbortSignal): Promise<RemediationPlan> {
  return getJson<RemediationPlan>(`${incidentPath(incidentId)}/remediation-plan`, { signal });
}

/** Approves the fix: the server starts a rollout (canary first) and answers it. */
export function approveRemediation(incidentId: string, request: ApproveRequest): Promise<RolloutView> {
  return postJson<RolloutView>(`${incidentPath(incidentId)}/approve`, request);
}

export function listRollouts(incidentId: string, signal?: AbortSignal): Promise<RolloutList> {
  return getJson<RolloutList>('/rollouts', { query: { incident: incidentId }, signal });
}

/**
 * Stops a running rollout: jobs not yet sent are cancelled. The answer is the rollout as it is now (or
 * nothing, 204); the live `rollout.updated` says it too.
 */
export function cancelRollout(rolloutId: string): Promise<RolloutView | undefined> {
  return postJson<RolloutView | undefined>(`/rollouts/${encodeURIComponent(rolloutId)}/cancel`);
}

export function listJobs(incidentId: string, signal?: AbortSignal): Promise<JobList> {
  return getJson<JobList>('/jobs', { query: { incident: incidentId }, signal });
}
