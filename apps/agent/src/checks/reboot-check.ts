/**
 * The `reboot` check: is a restart pending, and who asks for it. A pending restart is a state to show and
 * to correlate on (after case B's fix the PC needed one), not a failure: the status stays `ok`.
 */
import type { PendingReboot } from '../host/host';
import type { CheckResult } from './check-result';

export const REBOOT_TARGET = 'pending';

export function rebootCheckResult(reboot: PendingReboot): CheckResult {
  return {
    check: 'reboot',
    target: REBOOT_TARGET,
    status: 'ok',
    code: null,
    codeOriginal: null,
    facts: { pending: reboot.pending, reasons: [...reboot.reasons].sort() },
    evidence: [],
  };
}
