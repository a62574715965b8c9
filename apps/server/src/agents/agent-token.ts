/**
 * Agent tokens: 256 random bits, shown to the agent once at enrollment. Only their SHA-256 is stored; a
 * token that random needs no slow hash, and a database leak does not let anyone speak for a PC.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function newAgentToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashAgentToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function agentTokenMatches(token: string, storedHash: string): boolean {
  const candidate = Buffer.from(hashAgentToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return candidate.length === stored.length && timingSafeEqual(candidate, stored);
}

/** Compares two secrets in constant time whatever their lengths. */
export function secretsEqual(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given, 'utf8').digest();
  const b = createHash('sha256').update(expected, 'utf8').digest();
  return timingSafeEqual(a, b);
}
