import { z } from 'zod';
import { observationBatchSchema } from './observation';
import { ISSUE_LIMITS, formatIssuePath, parseWith, summarizeIssues } from './validation';

const hostId = '0196f3a0-5a4e-7c1e-9b1a-3f0c2d4e5f60';

function observation(overrides: Record<string, unknown> = {}) {
  return {
    id: '0196f3a1-0c2a-7a10-9e21-a1b2c3d4e5f6',
    hostId,
    check: 'service',
    target: 'Spooler',
    status: 'failing',
    code: '0x80070057',
    codeOriginal: '87',
    facts: { state: 'STOPPED', startType: 'AUTO_START', win32ExitCode: 87, pid: null },
    evidence: [],
    observedAt: '2026-11-22T08:50:03.000Z',
    reason: 'change',
    ...overrides,
  };
}

describe('observation batches', () => {
  it('accepts the documented example', () => {
    const result = parseWith(observationBatchSchema, {
      batchId: '0196f3a1-0c2b-7d3e-8f40-112233445566',
      observations: [observation()],
    });
    expect(result.ok).toBe(true);
  });

  it('names the field of the offending observation', () => {
    const result = parseWith(observationBatchSchema, {
      batchId: '0196f3a1-0c2b-7d3e-8f40-112233445566',
      observations: [observation(), observation({ code: '87' })],
    });
    expect(result).toMatchObject({
      ok: false,
      issues: [{ path: 'observations[1].code', message: expect.stringContaining('8-digit lowercase hex') }],
    });
  });

  it('refuses unknown fields, unknown checks and oversized batches', () => {
    const extra = parseWith(observationBatchSchema, {
      batchId: '0196f3a1-0c2b-7d3e-8f40-112233445566',
      observations: [observation({ shell: 'rm -rf /' })],
    });
    expect(extra.ok).toBe(false);
    const check = parseWith(observationBatchSchema, {
      batchId: '0196f3a1-0c2b-7d3e-8f40-112233445566',
      observations: [observation({ check: 'disk' })],
    });
    expect(check).toMatchObject({ ok: false, issues: [{ path: 'observations[0].check' }] });
    const big = parseWith(observationBatchSchema, {
      batchId: '0196f3a1-0c2b-7d3e-8f40-112233445566',
      observations: Array.from({ length: 501 }, () => observation()),
    });
    expect(big).toMatchObject({ ok: false, issues: [{ path: 'observations' }] });
  });
});

describe('issue formatting', () => {
  it('writes paths the way a reader looks for them', () => {
    expect(formatIssuePath(['observations', 3, 'facts', 'state'])).toBe('observations[3].facts.state');
    expect(formatIssuePath([])).toBe('(message)');
  });

  it('summarizes the first issues in one sentence', () => {
    const issues = ['a', 'b', 'c', 'd', 'e'].map((path) => ({ path, message: 'bad' }));
    expect(summarizeIssues(issues)).toBe('a: bad; b: bad; c: bad; and 2 more');
  });

  it('keeps the answer to an oversized message small', () => {
    const unknownKeys = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`key${i}`, i]));
    const manyBad = Array.from({ length: 500 }, () => observation({ code: '87' }));
    for (const input of [unknownKeys, { batchId: 'x', observations: manyBad }]) {
      const result = parseWith(observationBatchSchema, input);
      if (result.ok) throw new Error('accepted');
      expect(result.issues.length).toBeLessThanOrEqual(ISSUE_LIMITS.issues);
      expect(JSON.stringify(result).length).toBeLessThan(16_000);
    }
    const cut = parseWith(observationBatchSchema, { batchId: 'x', observations: manyBad });
    expect(cut).toMatchObject({ ok: false, message: expect.stringMatching(/; and 498 more$/) });
  });

  it('refuses binary data at once, naming where it is', () => {
    const schema = z.strictObject({ facts: z.record(z.string(), z.string()) });
    const megabyte = Buffer.alloc(1024 * 1024, 1);
    expect(parseWith(schema, megabyte)).toEqual({
      ok: false,
      issues: [{ path: '(message)', message: 'expected JSON data, got binary data' }],
      message: '(message): expected JSON data, got binary data',
    });
    expect(parseWith(schema, { facts: { blob: new Uint8Array(8) } })).toMatchObject({
      ok: false,
      issues: [{ path: 'facts.blob' }],
    });
  });
});
