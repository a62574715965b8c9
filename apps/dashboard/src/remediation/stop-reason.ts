/** Why a rollout stopped, in the reader's language; the server's English sentence for a code this page lacks. */
import { ROLLOUT_STOP_REASONS, type RolloutView } from '@fleetmedic/protocol';

type Translate = (key: string, values?: Record<string, unknown>) => string;

export function stopReasonText(rollout: RolloutView, t: Translate): string | null {
  const { reasonCode } = rollout;
  if (reasonCode === null || !(ROLLOUT_STOP_REASONS as readonly string[]).includes(reasonCode))
    return rollout.reason;
  return t(`remediation.rollout.reasons.${reasonCode}`, {
    failures: rollout.failures,
    budget: rollout.failureBudget,
  });
}
