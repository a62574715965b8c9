import { observationBatchSchema } from '@fleetmedic/protocol';
import { LIMITS } from '@fleetmedic/protocol/constants';
import { uuidv7 } from '../ids/uuid-v7';
import { TEST_HOST_ID, newObservation } from '../testing/factories';
import { MAX_BATCH_BYTES, cutBatch, jsonBytes, stampBatch } from './batches';

const CURRENT_ID = '0190a6b0-0000-7000-8000-0000000000c1';
const sized = (count: number, lineLength: number) =>
  Array.from({ length: count }, (_, i) =>
    newObservation({ target: `Service${i}`, evidence: ['x'.repeat(lineLength)] }),
  );

describe('cutBatch', () => {
  it('fills a batch up to the byte budget, counted exactly as the batch serializes', () => {
    const pending = sized(40, 1_500);
    const maxBytes = 20_000;
    const cut = cutBatch(uuidv7(), pending, TEST_HOST_ID, { maxObservations: 500, maxBytes });
    const batch = cut!.batch!;
    expect(jsonBytes(batch)).toBeLessThanOrEqual(maxBytes);
    const oneMore = { ...batch, observations: pending.slice(0, batch.observations.length + 1) };
    expect(jsonBytes(oneMore)).toBeGreaterThan(maxBytes);
    expect(batch.observations).toEqual(pending.slice(0, batch.observations.length));
  });

  it('counts bytes, not characters, and stays within the protocol for the largest real batch', () => {
    const wide = Array.from({ length: 600 }, () =>
      newObservation({ evidence: Array.from({ length: 2 }, () => '服'.repeat(LIMITS.evidenceLineLength)) }),
    );
    const batch = cutBatch(uuidv7(), wide, TEST_HOST_ID)!.batch!;
    expect(jsonBytes(batch)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(jsonBytes(batch)).toBeGreaterThan(MAX_BATCH_BYTES - 13_000);
    expect(observationBatchSchema.safeParse(batch).success).toBe(true);
  });

  it('takes at most the protocol’s count of small observations', () => {
    const batch = cutBatch(uuidv7(), sized(LIMITS.observationsPerBatch + 20, 10), TEST_HOST_ID)!.batch!;
    expect(batch.observations).toHaveLength(LIMITS.observationsPerBatch);
  });

  it('reports an oldest observation too large to send alone, and stops short of a later one', () => {
    const huge = newObservation({ facts: { list: Array.from({ length: 10 }, () => 'k'.repeat(256)) } });
    const small = newObservation();
    const limits = { maxObservations: 500, maxBytes: 2_000 };
    expect(cutBatch(uuidv7(), [huge, small], TEST_HOST_ID, limits)).toMatchObject({
      tooLarge: { observation: huge, bytes: expect.any(Number) },
    });
    expect(cutBatch(uuidv7(), [small, huge], TEST_HOST_ID, limits)!.batch!.observations).toEqual([small]);
    expect(cutBatch(uuidv7(), [], TEST_HOST_ID, limits)).toBeNull();
  });

  it('sends every observation under the current agent id', () => {
    const pending = [newObservation(), newObservation({ hostId: '0190a6b0-0000-7000-8000-0000000000d1' })];
    const batch = cutBatch(uuidv7(), pending, CURRENT_ID)!.batch!;
    expect(batch.observations.map((o) => o.hostId)).toEqual([CURRENT_ID, CURRENT_ID]);
    expect(batch.observations.map((o) => o.id)).toEqual(pending.map((o) => o.id));
    expect(pending[0]!.hostId).toBe(TEST_HOST_ID);
  });
});

describe('stampBatch', () => {
  it('restamps a batch made under an earlier id, keeping its batch id', () => {
    const batch = { batchId: uuidv7(), observations: [newObservation(), newObservation()] };
    expect(stampBatch(batch, TEST_HOST_ID)).toBe(batch);
    const restamped = stampBatch(batch, CURRENT_ID);
    expect(restamped.batchId).toBe(batch.batchId);
    expect(restamped.observations.map((o) => o.hostId)).toEqual([CURRENT_ID, CURRENT_ID]);
  });
});
