/**
 * A check's result before it becomes an observation (no id, host or time yet), and what makes two results
 * "the same" for change detection.
 */
import type { Observation } from '@fleetmedic/protocol';
import { LIMITS } from '@fleetmedic/protocol/constants';

export type CheckResult = Omit<Observation, 'id' | 'hostId' | 'observedAt' | 'reason'>;

/** One key per check and target: `service\0Spooler`. */
export function checkKey(result: Pick<CheckResult, 'check' | 'target'>): string {
  return `${result.check}\u0000${result.target}`;
}

/**
 * Facts that move without the check's state moving: a restarted service's new pid, a result's timestamp.
 * Left out of the comparison so that they ride along with the next change or snapshot instead of making one.
 */
const VOLATILE_FACTS = new Set(['pid', 'at']);

/** Two results with equal signatures are the same state: status, code and the non-volatile facts. */
export function stateSignature(result: CheckResult): string {
  const facts = Object.keys(result.facts)
    .filter((name) => !VOLATILE_FACTS.has(name))
    .sort()
    .map((name) => [name, result.facts[name]]);
  return JSON.stringify([result.status, result.code, facts]);
}

/** Evidence lines within the protocol's limits: the first lines, each cut to the maximum length. */
export function clampEvidence(lines: readonly string[]): string[] {
  return lines.slice(0, LIMITS.evidenceLines).map((line) => clampText(line, LIMITS.evidenceLineLength));
}

export function clampText(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}
