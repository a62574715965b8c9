/**
 * Malformed inputs for the property-based fuzz specs: a valid message broken in one place (a field removed,
 * given a wrong value, wrapped in the wrong container, or joined by an unknown or hostile key), or anything
 * at all. Only values the schema really refuses are kept, so every run is a bad input the server must answer
 * with an error naming the problem; and the checks that say whether it did.
 */
import fc from 'fast-check';
import type { ProtocolIssue } from '@fleetmedic/protocol';
import type { z } from 'zod';

/** No error answer needs more than this; a larger one echoes the input back (see ISSUE_LIMITS). */
export const MAX_ERROR_CHARS = 16_000;

const badCodes = [
  '0x8007005',
  '0X80070057',
  '80070057',
  '0x8007005g',
  ' 0x80070057',
  '0x800700570',
  '-2147024809',
];
const badDates = [
  '2026-13-45T99:99:99Z',
  '2026-11-22',
  '2026-11-22T08:50:03',
  '2026-11-22 08:50:03Z',
  'yesterday',
  '2026-11-22T08:50:03.000Z ',
  `2026-11-22T08:50:03.${'0'.repeat(40)}Z`,
];
const badUuids = [
  '00000000-0000-0000-0000-00000000000g',
  'not-a-uuid',
  '0196f3a15a4e7c1e9b1a3f0c2d4e5f60',
  '{0196f3a1-5a4e-7c1e-9b1a-3f0c2d4e5f60}',
  '0196f3a1-5a4e-7c1e-9b1a-3f0c2d4e5f60-00',
];

/** Values that are wrong for almost any field, the hostile ones included. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, undefined, true, false, 0, -1, 0.5, 1e308, 2 ** 53 + 2, Number.NaN, Infinity),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\uD800',
    'null',
    '[]',
    '{}',
    '<script>alert(1)</script>',
    "'; DROP TABLE host; --",
  ),
  // just past the schemas' length limits, and far past them
  fc.constantFrom(65, 129, 257, 513, 2_001, 70_000).map((length) => 'x'.repeat(length)),
  fc.constantFrom(...badCodes, ...badDates, ...badUuids),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 2 }), { maxKeys: 3 }),
  fc.anything({ maxDepth: 4 }),
  fc.constantFrom<unknown>(
    JSON.parse('{"__proto__": {"isAdmin": true, "polluted": true}}'),
    { constructor: { prototype: { polluted: true } } },
    JSON.parse('{"toString": 1, "valueOf": "x", "hasOwnProperty": null}'),
  ),
);

/** Keys an attacker adds to an object: prototype pollution, privilege, near-misses of real names. */
const hostileKeys = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'isAdmin',
  'role',
  'extra',
  'hostId ',
  '',
];

export interface Mutation {
  /** Where the message was broken, as the server names paths (`observations[0].code`; '' for the whole). */
  path: string;
  /** A key added there, which the answer must name. */
  addedKey?: string;
  message: unknown;
}

type Path = (string | number)[];

function pathText(path: Path): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? key : `${text}.${key}`),
    '',
  );
}

function valueAt(value: unknown, path: Path): unknown {
  let node = value;
  for (const key of path) node = (node as Record<string | number, unknown>)[key];
  return node;
}

function withChange(
  value: unknown,
  path: Path,
  change: (parent: Record<string | number, unknown>, key: string | number) => void,
): unknown {
  const copy: unknown = structuredClone(value);
  change(valueAt(copy, path.slice(0, -1)) as Record<string | number, unknown>, path.at(-1)!);
  return copy;
}

/** Every path of a JSON-like value, objects' and arrays' own included. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value)
    ? value.map((item, index) => [index, item] as const)
    : Object.entries(value);
  return entries.flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
}

/** An own property, even `__proto__`, as JSON.parse makes it (plain assignment would set the prototype). */
function withOwnKey(target: object, key: string, value: unknown): object {
  return Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** What the server receives: the JSON the client sends (undefined dropped, NaN as null). */
export function asSent(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value) ?? 'null') as unknown;
}

/** Right value, wrong container or type: `[v]`, `{ value: v }`, `"v"`. */
const rewrapped: ((value: unknown) => unknown)[] = [
  (value) => [value],
  (value) => ({ value }),
  (value) => JSON.stringify(value) ?? 'undefined',
  (value) => (Array.isArray(value) ? Object.fromEntries(value.entries()) : Object.values(value ?? {})),
];

/** `valid` broken in one place: each run a message `schema` refuses, with the place it was broken. */
export function brokenInOnePlace<T>(valid: T, schema: z.ZodType): fc.Arbitrary<Mutation> {
  const paths = pathsOf(valid);
  const objectPaths: Path[] = [[], ...paths].filter((path) => {
    const node = valueAt(valid, path);
    return node !== null && typeof node === 'object' && !Array.isArray(node);
  });
  const replaced = fc.tuple(fc.constantFrom(...paths), wrongValue).map(([path, value]) => ({
    path: pathText(path),
    message: withChange(valid, path, (parent, key) => (parent[key] = value)),
  }));
  const rewrappedAt = fc
    .tuple(fc.constantFrom(...[[], ...paths]), fc.constantFrom(...rewrapped))
    .map(([path, rewrap]) => ({
      path: pathText(path),
      message:
        path.length === 0
          ? rewrap(structuredClone(valid))
          : withChange(valid, path, (parent, key) => (parent[key] = rewrap(parent[key]))),
    }));
  const removed = fc.constantFrom(...paths).map((path) => ({
    path: pathText(path),
    message: withChange(valid, path, (parent, key) => {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    }),
  }));
  const added = fc
    .tuple(fc.constantFrom(...objectPaths), fc.constantFrom(...hostileKeys), wrongValue)
    .map(([path, key, value]) => ({
      path: pathText(path),
      addedKey: key,
      message:
        path.length === 0
          ? withOwnKey(structuredClone(valid) as object, key, value)
          : withChange(valid, path, (parent, last) => withOwnKey(parent[last] as object, key, value)),
    }));
  return fc
    .oneof(replaced, rewrappedAt, removed, added)
    .filter((mutation) => !schema.safeParse(asSent(mutation.message)).success);
}

/** Any JSON value at all that `schema` refuses. */
export function anyRefusedJson(schema: z.ZodType): fc.Arbitrary<unknown> {
  return fc.jsonValue({ maxDepth: 4 }).filter((value) => !schema.safeParse(value).success);
}

/**
 * Anything a socket.io client can send, not only JSON: typed arrays (sent as binary attachments), Maps,
 * Sets, boxed values, sparse arrays, null-prototype objects, dates. (No BigInt: the client cannot encode it.)
 */
export function anyRefusedValue(schema: z.ZodType): fc.Arbitrary<unknown> {
  return fc
    .anything({
      maxDepth: 3,
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
      withNullPrototype: true,
      withObjectString: true,
    })
    .filter((value) => !schema.safeParse(asSent(value)).success);
}

/** A large refused message, described so that a failure prints a line rather than a megabyte. */
export interface LargeInput {
  kind: 'unknown keys' | 'binary bytes' | 'wrong observations' | 'characters in one key';
  size: number;
}

/**
 * Large refused messages, up to about 1 MB (under both size limits): many unknown keys, a big binary
 * payload, every field of a full batch wrong, one huge key. An answer that echoes its input grows with it.
 */
export const largeRefused: fc.Arbitrary<LargeInput> = fc.oneof(
  fc.record({ kind: fc.constant('unknown keys' as const), size: fc.integer({ min: 1_000, max: 50_000 }) }),
  fc.record({
    kind: fc.constant('binary bytes' as const),
    size: fc.integer({ min: 10_000, max: 1_000_000 }),
  }),
  fc.record({ kind: fc.constant('wrong observations' as const), size: fc.integer({ min: 100, max: 500 }) }),
  fc.record({ kind: fc.constant('characters in one key' as const), size: fc.constantFrom(65_536, 500_000) }),
);

export function largeMessage({ kind, size }: LargeInput): unknown {
  switch (kind) {
    case 'unknown keys':
      return Object.fromEntries(Array.from({ length: size }, (_, index) => [`key${index}`, index]));
    case 'binary bytes':
      return new Uint8Array(size);
    case 'wrong observations':
      return {
        batchId: 'not-a-uuid',
        observations: Array.from({ length: size }, () => ({
          id: 1,
          hostId: 2,
          check: 'disk',
          junk: 'x'.repeat(1_000),
        })),
      };
    case 'characters in one key':
      return { [`k${'x'.repeat(size)}`]: 'x'.repeat(size) };
  }
}

/** `observations[0].code` and `observations` are one path inside the other; `observations[1]` and `observations[10]` are not. */
function nested(a: string, b: string): boolean {
  const inner = (outer: string, path: string) =>
    outer === '' || path === outer || path.startsWith(`${outer}.`) || path.startsWith(`${outer}[`);
  return inner(a, b) || inner(b, a);
}

/** An issue's path as the mutation names it: the whole message is `(message)` on the wire, '' here. */
function issuePath(issue: ProtocolIssue): string {
  return issue.path === '(message)' ? '' : issue.path.replace(/…$/, '');
}

/** Says what is wrong with the issues an error lists, or null when they name where `mutation` broke it. */
export function issuesProblem(
  message: string,
  issues: readonly ProtocolIssue[],
  mutation: Mutation | null,
): string | null {
  if (issues.length === 0) return `no issues listed with "${message}"`;
  if (issues.some((issue) => typeof issue.path !== 'string' || !(issue.message?.length >= 3)))
    return `an issue without a path or message: ${JSON.stringify(issues).slice(0, 300)}`;
  const first = issues[0] as ProtocolIssue;
  if (!message.includes(first.message)) return `message "${message}" does not say "${first.message}"`;
  if (first.path !== '(message)' && !message.includes(first.path))
    return `message "${message}" does not name ${first.path}`;
  if (mutation === null) return null;
  const named = issues.filter((issue) => nested(issuePath(issue), mutation.path));
  if (named.length === 0)
    return `broke ${mutation.path || 'the whole message'}, told ${issues.map((issue) => issue.path).join(', ')}`;
  const key = mutation.addedKey;
  if (
    key !== undefined &&
    !named.some((issue) => issue.message.includes(`"${key}"`) || issue.path.endsWith(key))
  )
    return `added key "${key}" at ${mutation.path || 'the top'}, not named in ${JSON.stringify(named).slice(0, 300)}`;
  return null;
}

/** Counts the generated inputs of a spec, so the total cannot shrink unnoticed. */
export const runs = { count: 0 };
