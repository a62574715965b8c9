/**
 * When a probe fails (PowerShell missing, WMI broken, a timeout), its checks report `unknown` with the reason
 * as evidence: the agent keeps going, and the server sees that it cannot tell rather than silence.
 */
import type { Check } from '@fleetmedic/protocol/constants';
import { describeError } from '../logging/logger';
import { type CheckResult, clampEvidence } from './check-result';

export function unknownResults(check: Check, targets: readonly string[], error: unknown): CheckResult[] {
  const evidence = clampEvidence([`The ${check} probe failed: ${describeError(error)}`]);
  return targets.map((target) => ({
    check,
    target,
    status: 'unknown',
    code: null,
    codeOriginal: null,
    facts: {},
    evidence,
  }));
}
