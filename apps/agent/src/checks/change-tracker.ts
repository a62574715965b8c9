/**
 * Remembers what each check last reported, to send an observation only when its state changed, and knows
 * every check there is, for the periodic snapshot.
 */
import { type CheckResult, checkKey, stateSignature } from './check-result';

export class ChangeTracker {
  private readonly lastSent = new Map<string, { result: CheckResult; signature: string }>();

  /** The results that differ from what was last sent for their check; remembers them as sent. */
  takeChanges(results: readonly CheckResult[]): CheckResult[] {
    return results.filter((result) => this.record(result));
  }

  /** Remembers every result as sent (they all go out, in a snapshot). */
  takeAll(results: readonly CheckResult[]): CheckResult[] {
    for (const result of results) this.record(result);
    return [...results];
  }

  has(check: CheckResult['check'], target: string): boolean {
    return this.lastSent.has(checkKey({ check, target }));
  }

  /** Forgets a check that no longer exists (an update dropped out of the history). */
  forget(check: CheckResult['check'], target: string): void {
    this.lastSent.delete(checkKey({ check, target }));
  }

  /** Targets of `check` last reported, e.g. the KBs known before the patch probe broke. */
  targetsOf(check: CheckResult['check']): string[] {
    const targets: string[] = [];
    for (const { result } of this.lastSent.values()) if (result.check === check) targets.push(result.target);
    return targets;
  }

  /** True when the result is new or changed. */
  private record(result: CheckResult): boolean {
    const key = checkKey(result);
    const signature = stateSignature(result);
    const changed = this.lastSent.get(key)?.signature !== signature;
    this.lastSent.set(key, { result, signature });
    return changed;
  }
}
