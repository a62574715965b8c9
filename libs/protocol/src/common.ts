/** Small schemas shared by several messages. */
import { z } from 'zod';
import { NORMALIZED_CODE_PATTERN } from './constants';

export const idSchema = z.uuid({ error: 'expected a UUID' });

/** An ISO 8601 instant with an offset, e.g. `2026-11-22T08:50:03.000Z`. */
export const instantSchema = z.iso
  .datetime({ offset: true, error: 'expected an ISO 8601 date-time' })
  .max(35, { error: 'expected an ISO 8601 date-time of at most 35 characters' });

export const normalizedCodeSchema = z.string().regex(NORMALIZED_CODE_PATTERN, {
  error: 'expected an error code as 8-digit lowercase hex, e.g. 0x80070057',
});

/** A fact value: scalars and lists of strings, nothing nested deeper. */
export const factValueSchema = z.union([
  z.string().max(2000),
  z.number(),
  z.boolean(),
  z.null(),
  z.array(z.string().max(256)).max(1000),
]);
export type FactValue = z.infer<typeof factValueSchema>;

export const kbSchema = z.string().regex(/^KB\d{6,8}$/, { error: 'expected a KB number such as KB5005030' });
