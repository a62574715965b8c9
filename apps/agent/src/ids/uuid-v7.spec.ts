import { idSchema } from '@fleetmedic/protocol';
import { createUuidv7Generator, uuidv7, uuidv7Timestamp } from './uuid-v7';

describe('uuidv7', () => {
  it('makes ids the protocol accepts (zod z.uuid())', () => {
    for (let i = 0; i < 1000; i++) expect(idSchema.safeParse(uuidv7()).success).toBe(true);
  });

  it('follows the RFC 9562 layout: version 7, variant 10', () => {
    const id = uuidv7();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('carries its creation time', () => {
    const at = Date.UTC(2026, 0, 5, 8, 50, 3, 885);
    expect(uuidv7Timestamp(createUuidv7Generator()(at))).toBe(at);
  });

  it('sorts in creation order, even thousands within one millisecond', () => {
    const next = createUuidv7Generator();
    const now = Date.now();
    const ids = Array.from({ length: 10_000 }, () => next(now));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('stays increasing when the clock steps back', () => {
    const next = createUuidv7Generator();
    const first = next(Date.UTC(2026, 0, 5, 9, 0, 0));
    const second = next(Date.UTC(2026, 0, 5, 8, 59, 0));
    expect(second > first).toBe(true);
  });
});
