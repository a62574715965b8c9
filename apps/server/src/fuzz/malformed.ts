/**
 * Malformed inputs for property-based tests: a valid message broken in one place (a field removed, given a
 * wrong value, or joined by an unknown one), or arbitrary JSON. Only values the schema really refuses are
 * kept, so each run is a bad input the server must answer with an error naming the problem.
 */
import fc from 'fast-check';
import type { z } from 'zod';

/** Values that are wrong for almost any field, the hostile ones included. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.constant(undefined),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constant(Number.MAX_SAFE_INTEGER),
  fc.constant(-1),
  fc.string({ maxLength: 20 }),
  fc.constant(''),
  fc.constant('x'.repeat(70_000)),
  fc.constant('0x8007005'),
  fc.constant('2026-13-45T99:99:99Z'),
  fc.constant('00000000-0000-0000-0000-00000000000g'),
  fc.constant('<script>alert(1)</script>'),
  fc.constant("'; DROP TABLE host; --"),
  fc.array(fc.anything({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.anything({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.constant({ __proto__: { polluted: true } }),
  fc.constant(JSON.parse('{"__proto__": {"isAdmin": true}}')),
  fc.constant({ constructor: { prototype: { polluted: true } } }),
);

export interface Mutation {
  /** Where the message was broken, as the server names paths (`observations[0].code`). */
  path: string;
  value: unknown;
}

type Path = (string | number)[];

function pathText(path: Path): string {
  return path.reduce<string>(
    (text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? key : `${text}.${key}`),
    '',
  );
}

function withChange(
  value: unknown,
  path: Path,
  change: (parent: Record<string | number, unknown>, key: string | number) => void,
): unknown {
  const copy: unknown = structuredClone(value);
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  change(parent, path.at(-1)!);
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

function ownValue(value: unknown): PropertyDescriptor {
  return { value, enumerable: true, writable: true, configurable: true };
}

/** `valid` broken in one place: each run a message `schema` refuses, with the place it was broken. */
export function brokenInOnePlace<T>(
  valid: T,
  schema: z.ZodType,
): fc.Arbitrary<Mutation & { message: unknown }> {
  const paths = pathsOf(valid);
  const objectPaths: Path[] = [
    [],
    ...paths.filter((path) => {
      let node: unknown = valid;
      for (const key of path) node = (node as Record<string | number, unknown>)[key];
      return node !== null && typeof node === 'object' && !Array.isArray(node);
    }),
  ];
  const replaced = fc.tuple(fc.constantFrom(...paths), wrongValue).map(([path, value]) => ({
    path: pathText(path),
    value,
    message: withChange(valid, path, (parent, key) => (parent[key] = value)),
  }));
  const removed = fc.constantFrom(...paths).map((path) => ({
    path: pathText(path),
    value: undefined,
    message: withChange(valid, path, (parent, key) => {
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
    }),
  }));
  const added = fc
    .tuple(
      fc.constantFrom(...objectPaths),
      fc.constantFrom('__proto__', 'constructor', 'isAdmin', 'extra', 'hostId '),
      wrongValue,
    )
    .map(([path, key, value]) => ({
      path: pathText(path),
      value,
      // defineProperty: an own `__proto__` key, as JSON.parse makes it, not a new prototype
      message:
        path.length === 0
          ? Object.defineProperty(structuredClone(valid) as object, key, ownValue(value))
          : withChange(valid, path, (parent, last) => {
              Object.defineProperty(parent[last] as object, key, ownValue(value));
            }),
    }));
  return fc
    .oneof(replaced, removed, added)
    .filter((mutation) => !schema.safeParse(JSON.parse(JSON.stringify(mutation.message) ?? 'null')).success);
}

/** Any JSON value at all that `schema` refuses. */
export function anyRefusedJson(schema: z.ZodType): fc.Arbitrary<unknown> {
  return fc.jsonValue({ maxDepth: 3 }).filter((value) => !schema.safeParse(value).success);
}

/** Counts the generated inputs of every property, so the total cannot shrink unnoticed. */
export const runs = { count: 0 };
