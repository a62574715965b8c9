/**
 * Audit actions in words. The server names actions with stable codes (`remediation.approved`,
 * `rollout.halted`); the ones the dashboard knows get a label in the current language, and any other, such
 * as one a newer server records, shows as its code, so that nothing in the log is ever hidden.
 */
import type { Translate } from '../format/api-error';

const ACTION_KEYS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'auth.login': 'authLogin',
    'auth.logout': 'authLogout',
    'user.created': 'userCreated',
    'user.updated': 'userUpdated',
    'user.deleted': 'userDeleted',
    'token.created': 'tokenCreated',
    'token.revoked': 'tokenRevoked',
    'agent.enroll': 'agentEnroll',
    'agent.revoked': 'agentRevoked',
    'agent.host_mismatch': 'agentHostMismatch',
    'enroll_secret.rotated': 'enrollSecretRotated',
    'incident.acknowledged': 'incidentAcknowledged',
    'access.denied': 'accessDenied',
    'remediation.approved': 'remediationApproved',
    'remediation.auto-approved': 'remediationAutoApproved',
    'rollout.completed': 'rolloutCompleted',
    'rollout.halted': 'rolloutHalted',
    'rollout.cancelled': 'rolloutCancelled',
    'job.finished': 'jobFinished',
    'job.refused': 'jobRefused',
    'job.expired': 'jobExpired',
    'auto-rule.created': 'autoRuleCreated',
    'auto-rule.deleted': 'autoRuleDeleted',
    'channel.created': 'channelCreated',
    'channel.updated': 'channelUpdated',
    'channel.deleted': 'channelDeleted',
    'channel.tested': 'channelTested',
    'channel.delivery_retried': 'channelDeliveryRetried',
  }),
);

/** The action's label, or null when this dashboard has none for it (show the code alone then). */
export function auditActionLabel(action: string, t: Translate): string | null {
  const key = ACTION_KEYS.get(action);
  return key === undefined ? null : t(`audit.actions.${key}`);
}

export const KNOWN_AUDIT_ACTIONS: readonly string[] = [...ACTION_KEYS.keys()];
