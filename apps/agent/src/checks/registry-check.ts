/**
 * The `registry` check: whether each watched key is present and what it holds. Presence is not a failure in
 * itself; it is the fact that explains one (case A's `Rpc\Internet` key), so the status stays `ok`.
 */
import type { WatchedRegistryKey } from '@fleetmedic/protocol';
import { type CheckResult, clampEvidence, clampText } from './check-result';

/** Fact list items are limited to 256 characters by the protocol; the evidence keeps the full data. */
const FACT_ITEM_LENGTH = 256;

export function registryCheckResults(
  watched: readonly string[],
  keys: Readonly<Record<string, WatchedRegistryKey>>,
): CheckResult[] {
  return watched.map((path) => registryResult(path, keys[path] ?? { present: false }));
}

function registryResult(path: string, key: WatchedRegistryKey): CheckResult {
  const lines = Object.entries(key.values ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, data]) => `${name} = ${data}`);
  return {
    check: 'registry',
    target: path,
    status: 'ok',
    code: null,
    codeOriginal: null,
    facts: { present: key.present, values: lines.map((line) => clampText(line, FACT_ITEM_LENGTH)) },
    evidence: clampEvidence(lines),
  };
}
