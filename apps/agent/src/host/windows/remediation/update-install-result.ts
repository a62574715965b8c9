/**
 * What the update-install script (`installUpdate` in commands.ts) prints: one JSON object of numbers, read
 * here without trusting it. Result codes are the Windows Update Agent's OperationResultCode
 * (learn.microsoft.com/windows/win32/api/wuapi/ne-wuapi-operationresultcode): 0 not started, 1 in progress,
 * 2 succeeded, 3 succeeded with errors, 4 failed, 5 aborted. HRESULTs come as signed 32-bit numbers.
 */

export const ORC_SUCCEEDED = 2;

const RESULT_NAMES: Readonly<Record<number, string>> = {
  0: 'not started',
  1: 'in progress',
  2: 'succeeded',
  3: 'succeeded with errors',
  4: 'failed',
  5: 'aborted',
};

export interface OperationResult {
  resultCode: number;
  /** Normalized: `0x` and 8 lowercase hex digits. */
  hResult: string;
}

export type UpdateInstallResult =
  | { kind: 'error'; hResult: string; message: string }
  | { kind: 'not-found' }
  | { kind: 'download-failed'; download: OperationResult }
  | {
      kind: 'installed';
      install: OperationResult & { rebootRequired: boolean };
      updates: (OperationResult & { title: string })[];
    };

/** The script's answer, or null when stdout is not the object it prints. */
export function parseUpdateInstallOutput(stdout: string): UpdateInstallResult | null {
  let value: unknown;
  try {
    value = JSON.parse(stdout.trim());
  } catch {
    return null;
  }
  if (!isRecord(value)) return null;
  if (isRecord(value.error)) {
    const hResult = hresult(value.error.hResult);
    if (hResult === null) return null;
    return {
      kind: 'error',
      hResult,
      message: typeof value.error.message === 'string' ? value.error.message : '',
    };
  }
  if (typeof value.found !== 'number') return null;
  if (value.found === 0) return { kind: 'not-found' };
  const download = operation(value.download);
  if (download === null) return null;
  if (!isRecord(value.install)) return { kind: 'download-failed', download };
  const install = operation(value.install);
  if (install === null) return null;
  const updates = (Array.isArray(value.install.updates) ? value.install.updates : []).flatMap((entry) => {
    const result = operation(entry);
    return result === null || !isRecord(entry)
      ? []
      : [{ ...result, title: typeof entry.title === 'string' ? entry.title : '' }];
  });
  return {
    kind: 'installed',
    install: { ...install, rebootRequired: value.install.rebootRequired === true },
    updates,
  };
}

/** True when the install succeeded for every update it covered. */
export function installSucceeded(result: Extract<UpdateInstallResult, { kind: 'installed' }>): boolean {
  return (
    result.install.resultCode === ORC_SUCCEEDED &&
    result.updates.every((update) => update.resultCode === ORC_SUCCEEDED)
  );
}

/** `4 (failed), 0x80240022`: a result as the report says it. */
export function describeOperation(result: OperationResult): string {
  const name = RESULT_NAMES[result.resultCode] ?? 'unknown result';
  return `${result.resultCode} (${name})${result.hResult === '0x00000000' ? '' : `, ${result.hResult}`}`;
}

function operation(value: unknown): OperationResult | null {
  if (!isRecord(value) || !Number.isInteger(value.resultCode)) return null;
  const hResult = hresult(value.hResult ?? 0);
  return hResult === null ? null : { resultCode: value.resultCode as number, hResult };
}

function hresult(value: unknown): string | null {
  if (!Number.isInteger(value)) return null;
  return `0x${((value as number) >>> 0).toString(16).padStart(8, '0')}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
