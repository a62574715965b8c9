/**
 * The `patch` check: each update's latest install result. A failure carries the KB, the HRESULT and the log
 * lines that show it (case B: KB5005030, 0x8e5e03fa).
 */
import type { PatchResult } from '../host/host';
import { type CheckResult, clampEvidence } from './check-result';

/**
 * Stands for the update history as a whole when it cannot be read and no single update is known yet,
 * so that the failure still shows.
 */
export const ALL_PATCHES_TARGET = '*';

export function patchCheckResults(results: readonly PatchResult[]): CheckResult[] {
  return results.map(patchResult);
}

export function patchResult(result: PatchResult): CheckResult {
  return {
    check: 'patch',
    target: result.kb,
    status: result.status === 'failed' ? 'failing' : 'ok',
    code: result.status === 'failed' ? result.code : null,
    codeOriginal: result.status === 'failed' ? result.codeOriginal : null,
    facts: { title: result.title, result: result.status, package: result.package, at: result.at },
    evidence: clampEvidence(result.evidence),
  };
}

/** The placeholder's way out once the history is readable again, so the server does not keep it unknown. */
export function patchHistoryReadableAgain(): CheckResult {
  return {
    check: 'patch',
    target: ALL_PATCHES_TARGET,
    status: 'ok',
    code: null,
    codeOriginal: null,
    facts: {},
    evidence: ['The update history is readable again.'],
  };
}
