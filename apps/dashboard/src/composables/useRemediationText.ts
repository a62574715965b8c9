/** Words for remediation in the current language: steps, step kinds, job and rollout statuses, refusals. */
import type { JobStatus, PlaybookView, RolloutView } from '@fleetmedic/protocol';
import { JobRefusal } from '@fleetmedic/protocol/constants';
import { useI18n } from 'vue-i18n';
import { type PlaybookStepView, stepKindText, stepText } from '../remediation/step-text';
import { stopReasonText } from '../remediation/stop-reason';
import { useIncidentText } from './useIncidentText';
import { useStatusText } from './useStatusText';

// Message keys are camelCase; the wire's kebab-case statuses map onto them here.
const JOB_STATUS_KEYS: Record<JobStatus, string> = {
  pending: 'pending',
  sent: 'sent',
  running: 'running',
  succeeded: 'succeeded',
  'rolled-back': 'rolledBack',
  'rollback-failed': 'rollbackFailed',
  refused: 'refused',
  expired: 'expired',
  cancelled: 'cancelled',
};

export function useRemediationText() {
  const { t } = useI18n();
  const status = useStatusText();
  const incident = useIncidentText();

  return {
    /** The step as a sentence; `kb` fills in steps written for "the incident's update". */
    step: (step: PlaybookStepView, kb: string | null): string =>
      stepText(step, { t, kb, serviceState: status.serviceState }),
    stepKind: (kind: string): string => stepKindText(kind, t),
    jobStatus: (jobStatus: JobStatus): string => t(`remediation.job.status.${JOB_STATUS_KEYS[jobStatus]}`),
    rolloutStatus: (rolloutStatus: RolloutView['status']): string =>
      t(`remediation.rollout.status.${rolloutStatus}`),
    /** Why a rollout stopped, in the reader's language; the server's English sentence for a code it lacks. */
    stopReason: (rollout: RolloutView): string | null => stopReasonText(rollout, t),
    /** A refusal a newer agent may give and this dashboard has no words for shows as its code. */
    refusal: (refusal: string): string =>
      (Object.values(JobRefusal) as string[]).includes(refusal)
        ? t(`remediation.job.refusals.${refusal}`)
        : refusal,
    risk: (risk: PlaybookView['risk']): string => incident.risk(risk),
    localized: incident.localized,
  };
}
