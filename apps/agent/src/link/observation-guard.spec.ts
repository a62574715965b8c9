/**
 * The guard is a zod-free copy of the protocol's observation schema; this spec keeps the copy honest. It
 * generates observations around every rule's edges (one character or item under and over each limit, odd
 * dates, UUIDs, types, fields too many or missing), valid and invalid, and asks both for a verdict.
 */
import { observationSchema } from '@fleetmedic/protocol';
import { LIMITS } from '@fleetmedic/protocol/constants';
import { SeededRandom } from '../host/simulated/seeded-random';
import { newObservation } from '../testing/factories';
import { describeObservationProblem } from './observation-guard';

type Mutation = (observation: Record<string, unknown>, random: SeededRandom) => void;

const text = (length: number, char = 'x'): string => char.repeat(length);
const list = (length: number, item: () => unknown): unknown[] => Array.from({ length }, item);
const factsOf = (count: number, value: () => unknown = () => 1): Record<string, unknown> =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [`fact${i}`, value()]));

/** Values for each field: the first ones valid, then edge cases either side of each rule. */
const VARIANTS: Record<string, readonly unknown[]> = {
  id: [
    '0196f3a1-0c2a-7a10-9e21-a1b2c3d4e5f6',
    '0196F3A1-0C2A-7A10-9E21-A1B2C3D4E5F6',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '0196f3a1-0c2a-1a10-8e21-a1b2c3d4e5f6',
    '0196f3a1-0c2a-8a10-be21-a1b2c3d4e5f6',
    '0196f3a1-0c2a-0a10-9e21-a1b2c3d4e5f6',
    '0196f3a1-0c2a-9a10-9e21-a1b2c3d4e5f6',
    '0196f3a1-0c2a-7a10-ce21-a1b2c3d4e5f6',
    '0196f3a10c2a7a109e21a1b2c3d4e5f6',
    '0196f3a1-0c2a-7a10-9e21-a1b2c3d4e5f',
    '{0196f3a1-0c2a-7a10-9e21-a1b2c3d4e5f6}',
    '',
    42,
    null,
  ],
  check: ['service', 'patch', 'reboot', 'registry', 'Service', 'disk', '', null],
  target: ['Spooler', 'x', text(LIMITS.targetLength), '服务', '', text(LIMITS.targetLength + 1), 7, null],
  status: ['ok', 'failing', 'unknown', 'OK', 'broken', null],
  code: [null, '0x80070057', '0x8e5e03fa', '0X80070057', '0x8007005', '0x800700570', '0x8007005G', 87, ''],
  codeOriginal: [null, '87', '', text(64), '-1018 (JET_errReadVerifyFailure)', text(65), 87, false],
  facts: [
    {},
    { displayName: 'Print Spooler', state: 'STOPPED', win32ExitCode: 1060, pid: null, delayed: false },
    factsOf(LIMITS.factsPerObservation),
    { [text(64)]: 'ok' },
    { note: text(2000) },
    { kbs: list(1000, () => 'KB5005030') },
    { kbs: list(3, () => text(256)) },
    { kbs: [] },
    { negative: -3.5 },
    factsOf(LIMITS.factsPerObservation + 1),
    { [text(65)]: 'too long a name' },
    { note: text(2001) },
    { kbs: list(1001, () => 'KB5005030') },
    { kbs: [text(257)] },
    { kbs: [1, 2] },
    { nested: { a: 1 } },
    { infinite: Number.POSITIVE_INFINITY },
    { nan: Number.NaN },
    { missing: undefined },
    [],
    null,
    'RUNNING',
  ],
  evidence: [
    [],
    ['The Print Spooler service terminated with the following error: The parameter is incorrect.'],
    list(LIMITS.evidenceLines, () => 'line'),
    [text(LIMITS.evidenceLineLength)],
    [''],
    list(LIMITS.evidenceLines + 1, () => 'line'),
    [text(LIMITS.evidenceLineLength + 1)],
    ['ok', 3],
    [null],
    'one line',
    null,
  ],
  observedAt: [
    '2026-11-22T08:50:03.000Z',
    '2026-11-22T08:50:03Z',
    '2026-11-22T16:50:03.123456+08:00',
    '2024-02-29T00:00:00Z',
    '2000-02-29T23:59:59.9-05:30',
    '2026-11-22T08:50:03.0000000000000Z',
    '2026-11-22T08:50:03.00000000000000Z',
    '2026-11-22T08:50Z',
    '2026-11-22T08:50:03',
    '2026-11-22 08:50:03Z',
    '2026-02-29T00:00:00Z',
    '1900-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-13-01T00:00:00Z',
    '2026-11-22T24:00:00Z',
    '2026-11-22T08:60:00Z',
    '2026-11-22T08:50:03+0800',
    '2026-11-22T08:50:03+24:00',
    '2026-11-22',
    1_700_000_000_000,
    null,
  ],
  reason: ['change', 'snapshot', 'Change', 'periodic', null],
};
VARIANTS.hostId = VARIANTS.id!;

const FIELDS = Object.keys(VARIANTS);

const MUTATIONS: readonly Mutation[] = [
  ...FIELDS.map((field): Mutation => (observation, random) => {
    const variants = VARIANTS[field]!;
    observation[field] = copyOf(variants[random.integer(0, variants.length - 1)]);
  }),
  (observation, random) => {
    delete observation[FIELDS[random.integer(0, FIELDS.length - 1)]!];
  },
  (observation) => {
    observation.extra = 'not in the protocol';
  },
  (observation) => {
    observation.hostname = 'PC-0042';
  },
];

/** A fresh copy of a catalogue value (one level deep is all the catalogue has), so cases never share one. */
function copyOf(value: unknown): unknown {
  if (Array.isArray(value)) return [...(value as unknown[])];
  if (typeof value === 'object' && value !== null) return { ...value };
  return value;
}

function generateCases(count: number, seed: number): unknown[] {
  const random = new SeededRandom(seed);
  const cases: unknown[] = [null, [], 'observation', 42, {}];
  while (cases.length < count) {
    const observation: Record<string, unknown> = { ...newObservation() };
    const mutations = random.integer(0, 3);
    for (let i = 0; i < mutations; i++)
      MUTATIONS[random.integer(0, MUTATIONS.length - 1)]!(observation, random);
    cases.push(observation);
  }
  return cases;
}

/** The observation field a zod issue is about (unrecognized keys are reported on the object itself). */
function fieldsFlaggedByZod(value: unknown): string[] {
  const result = observationSchema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.flatMap((issue) => {
    const [first] = issue.path;
    if (first !== undefined) return [String(first)];
    if (issue.code === 'unrecognized_keys') return issue.keys;
    return ['(observation)'];
  });
}

describe('describeObservationProblem', () => {
  const cases = generateCases(3_000, 20261122);

  it('accepts and refuses exactly what the protocol schema does', () => {
    const disagreements = cases.flatMap((value) => {
      const guard = describeObservationProblem(value);
      const zod = observationSchema.safeParse(value);
      if ((guard === null) === zod.success) return [];
      return [{ value, guard, zod: zod.success ? 'valid' : zod.error.issues.slice(0, 3) }];
    });
    expect(disagreements.slice(0, 3)).toEqual([]);
  });

  it('names a field the protocol schema also objects to', () => {
    const misnamed = cases.flatMap((value) => {
      const problem = describeObservationProblem(value);
      if (problem === null) return [];
      const flagged = fieldsFlaggedByZod(value);
      const named = /^([A-Za-z]+)/.exec(problem)?.[1];
      if (problem === 'expected an object' && flagged.includes('(observation)')) return [];
      return named !== undefined && flagged.includes(named) ? [] : [{ value, problem, flagged }];
    });
    expect(misnamed.slice(0, 3)).toEqual([]);
  });

  it('covers both verdicts amply, so that agreement means something', () => {
    const valid = cases.filter((value) => observationSchema.safeParse(value).success).length;
    expect(valid).toBeGreaterThan(cases.length * 0.2);
    expect(cases.length - valid).toBeGreaterThan(cases.length * 0.2);
  });

  it('holds every limit of LIMITS at its edge', () => {
    const at = (overrides: Record<string, unknown>) =>
      describeObservationProblem({ ...newObservation(), ...overrides });
    expect(at({ target: text(LIMITS.targetLength) })).toBeNull();
    expect(at({ target: text(LIMITS.targetLength + 1) })).toMatch(/^target:/);
    expect(at({ facts: factsOf(LIMITS.factsPerObservation) })).toBeNull();
    expect(at({ facts: factsOf(LIMITS.factsPerObservation + 1) })).toMatch(/^facts:/);
    expect(at({ evidence: list(LIMITS.evidenceLines + 1, () => 'line') })).toMatch(/^evidence:/);
    expect(at({ evidence: ['ok', text(LIMITS.evidenceLineLength + 1)] })).toMatch(/^evidence\[1\]:/);
    expect(at({ codeOriginal: text(65) })).toMatch(/^codeOriginal:/);
  });
});
