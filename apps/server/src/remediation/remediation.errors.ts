import type { ProtocolIssue } from '@fleetmedic/protocol';
import { AppError } from '../common/app-error';

export enum RemediationErrorCode {
  RolloutNotFound = 'ROLLOUT_NOT_FOUND',
  RuleNotFound = 'RULE_NOT_FOUND',
  NoPlaybook = 'NO_PLAYBOOK',
  RolloutRunning = 'ROLLOUT_RUNNING',
  NothingToFix = 'NOTHING_TO_FIX',
  InvalidApproval = 'INVALID_APPROVAL',
  RolloutEnded = 'ROLLOUT_ENDED',
}

export class RemediationError extends AppError<RemediationErrorCode> {
  constructor(
    readonly code: RemediationErrorCode,
    message: string,
    issues?: ProtocolIssue[],
  ) {
    super(message, issues);
  }

  static rolloutNotFound(id: string): RemediationError {
    return new RemediationError(
      RemediationErrorCode.RolloutNotFound,
      `No rollout has the id ${id}. List an incident's rollouts with GET /api/rollouts?incident=ID.`,
    );
  }

  static ruleNotFound(id: string): RemediationError {
    return new RemediationError(
      RemediationErrorCode.RuleNotFound,
      `No auto-remediation rule has the id ${id}. List them with GET /api/auto-remediation-rules.`,
    );
  }

  /** A request that names something that cannot be: an unknown playbook, a host not in the incident. */
  static invalid(path: string, message: string): RemediationError {
    return new RemediationError(RemediationErrorCode.InvalidApproval, `${path}: ${message}`, [
      { path, message },
    ]);
  }

  static conflict(code: RemediationErrorCode, message: string): RemediationError {
    return new RemediationError(code, message);
  }
}
