/** Fingerprints of failures: check + normalized target + normalized code (the knowledge library's rule). */
import { fingerprintOf } from '@fleetmedic/knowledge';
import { NO_CODE } from './correlation-types';

/** The fingerprint of a failing outcome; null for an outcome that is not a failure. */
export function failureFingerprint(
  check: string,
  target: string,
  status: string,
  code: string | null,
): string | null {
  if (status !== 'failing') return null;
  if (code === null) return `${check.trim().toLowerCase()}:${target.trim().toLowerCase()}:${NO_CODE}`;
  return fingerprintOf(check, target, code);
}
