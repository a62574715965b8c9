/**
 * Fingerprints: what makes two failures "the same" — check, target and code, normalized once, here.
 * `service:spooler:0x80070057`, `patch:kb5005030:0x8e5e03fa`. A catalog may use the target `*` for "any
 * target", e.g. `patch:*:0x8e5e03fa` for any update failing with that code.
 */
import { normalizeCode } from '../codes/normalize';

export const ANY_TARGET = '*';

export interface FingerprintParts {
  check: string;
  target: string;
  code: string;
}

export class InvalidFingerprintError extends Error {
  constructor(readonly input: string) {
    super(`"${input}" is not a fingerprint: expected check:target:code, e.g. service:spooler:0x80070057`);
    this.name = 'InvalidFingerprintError';
  }
}

const CHECK = /^[a-z][a-z0-9-]*$/;

/**
 * The fingerprint of a failure. Check and target are trimmed and lower-cased (service names, KB numbers
 * and registry paths are all case-insensitive on Windows); the code is normalized as everywhere else.
 * Throws InvalidErrorCodeError for a code that is not one, InvalidFingerprintError for an empty target.
 */
export function fingerprintOf(check: string, target: string, code: string | number): string {
  const normalizedCheck = check.trim().toLowerCase();
  const normalizedTarget = target.trim().toLowerCase();
  if (!CHECK.test(normalizedCheck) || normalizedTarget === '') {
    throw new InvalidFingerprintError(`${check}:${target}:${code}`);
  }
  return `${normalizedCheck}:${normalizedTarget}:${normalizeCode(code).code}`;
}

/** Split a fingerprint; the target may itself contain colons, the check and code never do. */
export function parseFingerprint(fingerprint: string): FingerprintParts {
  const first = fingerprint.indexOf(':');
  const last = fingerprint.lastIndexOf(':');
  if (first <= 0 || last <= first + 1 || last === fingerprint.length - 1) {
    throw new InvalidFingerprintError(fingerprint);
  }
  return {
    check: fingerprint.slice(0, first),
    target: fingerprint.slice(first + 1, last),
    code: fingerprint.slice(last + 1),
  };
}

/** Whether a catalog fingerprint (possibly with the `*` target) covers an observed one. */
export function fingerprintMatches(pattern: string, observed: string): boolean {
  if (pattern === observed) return true;
  const wanted = parseFingerprint(pattern);
  if (wanted.target !== ANY_TARGET) return false;
  const seen = parseFingerprint(observed);
  return wanted.check === seen.check && wanted.code === seen.code;
}
