/**
 * Whether the person looking at an incident may approve its fix now, and if not, the one reason to show;
 * the bounds of the rollout settings and the request an approval sends.
 */
import type { ApproveRequest, RemediationPlan, RolloutView } from '@fleetmedic/protocol';

/**
 * The rollout of the incident that is running, if any: the freshest word on it wins, so a rollout the plan
 * still calls active but that was seen finishing live is over, and one started since the plan was read runs.
 */
export function runningRollout(
  plan: RemediationPlan | null,
  rollouts: readonly RolloutView[],
): { id: string; rollout: RolloutView | null } | null {
  const live = rollouts.find((rollout) => rollout.status === 'running');
  if (live) return { id: live.id, rollout: live };
  const planned = plan?.activeRolloutId ?? null;
  if (planned === null || rollouts.some((rollout) => rollout.id === planned)) return null;
  return { id: planned, rollout: null };
}

/** Why approving is not offered, most useful reason first. */
export type ApprovalBlocker =
  /** No known issue of the incident has a playbook: a person fixes it by hand. */
  | 'noPlaybook'
  /** A rollout of this incident is still running; another would not start beside it. */
  | 'running'
  /** No host is failing any more. */
  | 'noHosts'
  /** The person's role is below approver. */
  | 'role';

export function approvalBlocker(
  plan: RemediationPlan,
  rolloutRunning: boolean,
  canApprove: boolean,
): ApprovalBlocker | null {
  if (plan.playbook === null) return 'noPlaybook';
  if (rolloutRunning) return 'running';
  if (!plan.hosts.some((host) => host.failing)) return 'noHosts';
  if (!canApprove) return 'role';
  return null;
}

/** Cancelling is for approvers, and only while the rollout runs. */
export function canCancel(rollout: RolloutView, canApprove: boolean): boolean {
  return canApprove && rollout.status === 'running';
}

/** A type rather than an interface, so that it passes as message parameters as it is. */
export type Bounds = { min: number; max: number };

export interface ApprovalBounds {
  parallelism: Bounds;
  failureBudget: Bounds;
}

/** The API's limits for parallelism. */
const PARALLELISM_LIMIT = 100;

/**
 * Parallelism is 1–100 (the API's limits). A failure budget larger than the hosts after the canary means
 * "never halt", which is never what anyone approving a fix means: at most every host but the canary.
 */
export function approvalBounds(plan: RemediationPlan): ApprovalBounds {
  const failing = plan.hosts.filter((host) => host.failing).length;
  return {
    parallelism: { min: 1, max: PARALLELISM_LIMIT },
    failureBudget: { min: 0, max: Math.max(0, failing - 1) },
  };
}

export interface ApprovalInput {
  /** From number inputs: a number, or '' when the field is empty. */
  parallelism: number | '';
  failureBudget: number | '';
  note: string;
}

export type ApprovalField = 'parallelism' | 'failureBudget' | 'note';

export const NOTE_MAX_LENGTH = 500;

export function approvalInputOf(plan: RemediationPlan): ApprovalInput {
  const bounds = approvalBounds(plan);
  return {
    parallelism: clamp(plan.parallelism, bounds.parallelism),
    failureBudget: clamp(plan.failureBudget, bounds.failureBudget),
    note: '',
  };
}

/** The fields that are not acceptable, each once. */
export function approvalInputProblems(input: ApprovalInput, bounds: ApprovalBounds): ApprovalField[] {
  const problems: ApprovalField[] = [];
  if (!within(input.parallelism, bounds.parallelism)) problems.push('parallelism');
  if (!within(input.failureBudget, bounds.failureBudget)) problems.push('failureBudget');
  if (input.note.trim().length > NOTE_MAX_LENGTH) problems.push('note');
  return problems;
}

/** What approving sends: the previewed playbook, the settings, and the note when there is one. */
export function approveRequestOf(plan: RemediationPlan, input: ApprovalInput): ApproveRequest {
  const note = input.note.trim();
  return {
    ...(plan.playbook ? { playbookId: plan.playbook.id } : {}),
    parallelism: Number(input.parallelism),
    failureBudget: Number(input.failureBudget),
    ...(note ? { note } : {}),
  };
}

function within(value: number | '', bounds: Bounds): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= bounds.min && value <= bounds.max;
}

function clamp(value: number, bounds: Bounds): number {
  return Math.min(bounds.max, Math.max(bounds.min, value));
}
