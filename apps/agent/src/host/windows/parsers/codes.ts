/**
 * Turning codes as Windows prints them into the product's one normalization (@fleetmedic/knowledge),
 * keeping the text as shown. Never throws: a token that is not a code yields null.
 */
import { type CodeKind, normalizeCode } from '@fleetmedic/knowledge/normalize';
import type { CodeRef } from './types';

/** A failure HRESULT/NTSTATUS has its top bit set; `0x00000080` flags or `0x0` are not errors. */
export function isFailureCode(code: string): boolean {
  return /^0x[89a-f]/i.test(code);
}

/**
 * Normalize `value` (the digits of the code) and keep `shown` (the code as it appeared, e.g. `%%87`).
 * Returns null when `value` is not a code.
 */
export function codeRef(
  value: string,
  shown: string,
  kind?: CodeKind,
  symbol: string | null = null,
): CodeRef | null {
  try {
    const normalized = normalizeCode(value, kind);
    return { code: normalized.code, codeOriginal: shown, symbol };
  } catch {
    return null;
  }
}

/** A Win32 error number (sc's WIN32_EXIT_CODE, `%%N` in SCM events) as HRESULT_FROM_WIN32. */
export function win32CodeRef(value: number, shown = String(value)): CodeRef | null {
  return codeRef(String(value), shown, 'win32');
}

export const ERROR_SERVICE_SPECIFIC_ERROR = 1066;
export const ERROR_SERVICE_NEVER_STARTED = 1077;

/**
 * The failure a service's exit codes report (see ServiceRecord.failure): null for a clean stop or a
 * service that never started.
 */
export function serviceFailure(
  win32ExitCode: number | null,
  serviceSpecificExitCode: number | null,
): CodeRef | null {
  if (win32ExitCode === null || win32ExitCode === 0 || win32ExitCode === ERROR_SERVICE_NEVER_STARTED)
    return null;
  if (
    win32ExitCode === ERROR_SERVICE_SPECIFIC_ERROR &&
    serviceSpecificExitCode !== null &&
    (serviceSpecificExitCode > 0xffff || serviceSpecificExitCode < 0)
  ) {
    return codeRef(String(serviceSpecificExitCode), String(serviceSpecificExitCode), 'hresult');
  }
  return win32CodeRef(win32ExitCode);
}

/** `KB5005030` from any text that names one (package identities included: `Package_177_for_KB5005030~…`). */
export function findKb(text: string): string | null {
  const match = /(?<![A-Za-z])KB\s?(\d{6,8})(?!\d)/.exec(text);
  return match?.[1] === undefined ? null : `KB${match[1]}`;
}

/**
 * A CBS package identity `name~publicKeyToken~arch~language~a.b.c.d`. The version has exactly four
 * parts, so a trailing `.cat` or sentence period is never taken into it.
 */
const PACKAGE_IDENTITY = /[A-Za-z0-9][\w.-]*~[0-9a-f]{16}~[A-Za-z0-9]*~[A-Za-z-]*~\d+\.\d+\.\d+\.\d+/g;

export function findPackages(text: string): string[] {
  return text.match(PACKAGE_IDENTITY) ?? [];
}
