/**
 * Random credentials (agent tokens, API tokens, session ids): 256 random bits, shown once. Only their
 * SHA-256 is stored; a value that random needs no slow hash, and a database leak lets nobody use it.
 * Passwords are another matter: see auth/password-hasher.ts.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newSecretToken(prefix = ''): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashSecretToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function secretTokenMatches(token: string, storedHash: string): boolean {
  const candidate = Buffer.from(hashSecretToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return candidate.length === stored.length && timingSafeEqual(candidate, stored);
}
