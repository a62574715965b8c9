/**
 * A hand-written check of an observation read back from disk (the outbox survives crashes and upgrades, so
 * its lines are input like any other). zod would do it in one line but costs the agent 12 MB of memory.
 *
 * It mirrors `observationSchema` in libs/protocol (observation.ts, common.ts and LIMITS in constants.ts) rule
 * for rule; observation-guard.spec.ts feeds both the same generated observations and fails if they disagree.
 */
import {
  CHECKS,
  LIMITS,
  NORMALIZED_CODE_PATTERN,
  OBSERVATION_REASONS,
  OBSERVATION_STATUSES,
} from '@fleetmedic/protocol/constants';

/** zod's `z.uuid()`: RFC 9562 versions 1 to 8 with the RFC variant, or the nil and max UUIDs. */
const UUID_PATTERN =
  /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}|00000000-0000-0000-0000-000000000000|ffffffff-ffff-ffff-ffff-ffffffffffff)$/;

/**
 * zod's `z.iso.datetime({ offset: true })`: a calendar date that exists (Feb 29 in leap years only), `T`, a time
 * with seconds and an optional fraction, then `Z` or a ±hh:mm offset.
 */
const INSTANT_PATTERN = new RegExp(
  '^(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|' +
    '\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8])))' +
    'T(?:[01]\\d|2[0-3]):[0-5]\\d:[0-5]\\d(?:\\.\\d+)?(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)$',
);

/** Bounds the protocol writes inline rather than in LIMITS (common.ts, observation.ts). */
const INSTANT_MAX_LENGTH = 35;
const CODE_ORIGINAL_MAX_LENGTH = 64;
const FACT_NAME_MAX_LENGTH = 64;
const FACT_TEXT_MAX_LENGTH = 2000;
const FACT_LIST_MAX_ITEMS = 1000;
const FACT_LIST_ITEM_MAX_LENGTH = 256;

const OBSERVATION_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'hostId',
  'check',
  'target',
  'status',
  'code',
  'codeOriginal',
  'facts',
  'evidence',
  'observedAt',
  'reason',
]);

/** What is wrong with `value` as an observation, naming the field, or null when the protocol accepts it. */
export function describeObservationProblem(value: unknown): string | null {
  if (!isRecord(value)) return 'expected an object';
  const unexpected = Object.keys(value).find((key) => !OBSERVATION_FIELDS.has(key));
  if (unexpected !== undefined) return `${unexpected}: not a field of an observation`;
  const { id, hostId, check, target, status, code, codeOriginal, facts, evidence, observedAt, reason } =
    value;
  if (!isUuid(id)) return 'id: expected a UUID';
  if (!isUuid(hostId)) return 'hostId: expected a UUID';
  if (!isOneOf(check, CHECKS)) return `check: expected one of ${CHECKS.join(', ')}`;
  if (typeof target !== 'string' || target.length === 0 || target.length > LIMITS.targetLength) {
    return `target: expected a string of 1 to ${LIMITS.targetLength} characters`;
  }
  if (!isOneOf(status, OBSERVATION_STATUSES))
    return `status: expected one of ${OBSERVATION_STATUSES.join(', ')}`;
  if (code !== null && (typeof code !== 'string' || !NORMALIZED_CODE_PATTERN.test(code))) {
    return 'code: expected null or an 8-digit lowercase hex code';
  }
  if (codeOriginal !== null && !isStringUpTo(codeOriginal, CODE_ORIGINAL_MAX_LENGTH)) {
    return `codeOriginal: expected null or a string of at most ${CODE_ORIGINAL_MAX_LENGTH} characters`;
  }
  const factsProblem = describeFactsProblem(facts);
  if (factsProblem !== null) return factsProblem;
  if (!Array.isArray(evidence) || evidence.length > LIMITS.evidenceLines) {
    return `evidence: expected a list of at most ${LIMITS.evidenceLines} lines`;
  }
  const badLine = evidence.findIndex((line) => !isStringUpTo(line, LIMITS.evidenceLineLength));
  if (badLine !== -1) {
    return `evidence[${badLine}]: expected a string of at most ${LIMITS.evidenceLineLength} characters`;
  }
  if (!isStringUpTo(observedAt, INSTANT_MAX_LENGTH) || !INSTANT_PATTERN.test(observedAt)) {
    return 'observedAt: expected an ISO 8601 date-time with seconds and an offset';
  }
  if (!isOneOf(reason, OBSERVATION_REASONS))
    return `reason: expected one of ${OBSERVATION_REASONS.join(', ')}`;
  return null;
}

function describeFactsProblem(facts: unknown): string | null {
  if (!isRecord(facts)) return 'facts: expected an object';
  const names = Object.keys(facts);
  for (const name of names) {
    if (name.length > FACT_NAME_MAX_LENGTH) {
      return `facts: the name "${name.slice(0, 20)}…" is longer than ${FACT_NAME_MAX_LENGTH} characters`;
    }
    if (!isFactValue(facts[name])) {
      return (
        `facts.${name}: expected a string (at most ${FACT_TEXT_MAX_LENGTH} characters), a number, a boolean, ` +
        `null or a list of at most ${FACT_LIST_MAX_ITEMS} strings of at most ${FACT_LIST_ITEM_MAX_LENGTH} characters`
      );
    }
  }
  if (names.length > LIMITS.factsPerObservation) {
    return `facts: expected at most ${LIMITS.factsPerObservation} facts`;
  }
  return null;
}

function isFactValue(value: unknown): boolean {
  if (value === null || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string') return value.length <= FACT_TEXT_MAX_LENGTH;
  return (
    Array.isArray(value) &&
    value.length <= FACT_LIST_MAX_ITEMS &&
    value.every((item) => isStringUpTo(item, FACT_LIST_ITEM_MAX_LENGTH))
  );
}

function isUuid(value: unknown): boolean {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}

function isStringUpTo(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length <= maxLength;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isOneOf<T extends string>(value: unknown, allowed: readonly T[]): value is T {
  return typeof value === 'string' && (allowed as readonly string[]).includes(value);
}
