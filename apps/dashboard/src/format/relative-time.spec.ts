import { describe, expect, it } from '@jest/globals';
import { relativeTimeMessageKey, relativeTimeSince } from './relative-time';

const now = Date.parse('2026-11-22T12:00:00.000Z');
const ago = (ms: number): string => new Date(now - ms).toISOString();

describe('relativeTimeSince', () => {
  it('says "never" for a host that was never seen or an unreadable instant', () => {
    expect(relativeTimeSince(null, now)).toEqual({ unit: 'never' });
    expect(relativeTimeSince('not a date', now)).toEqual({ unit: 'never' });
  });

  it('says "just now" for the last few seconds and for instants slightly in the future (clock skew)', () => {
    expect(relativeTimeSince(ago(0), now)).toEqual({ unit: 'justNow' });
    expect(relativeTimeSince(ago(4_999), now)).toEqual({ unit: 'justNow' });
    expect(relativeTimeSince(ago(-3_000), now)).toEqual({ unit: 'justNow' });
  });

  it('picks the largest whole unit, rounding down', () => {
    expect(relativeTimeSince(ago(5_000), now)).toEqual({ unit: 'seconds', value: 5 });
    expect(relativeTimeSince(ago(59_999), now)).toEqual({ unit: 'seconds', value: 59 });
    expect(relativeTimeSince(ago(60_000), now)).toEqual({ unit: 'minutes', value: 1 });
    expect(relativeTimeSince(ago(59 * 60_000 + 59_000), now)).toEqual({ unit: 'minutes', value: 59 });
    expect(relativeTimeSince(ago(3 * 3_600_000 + 1), now)).toEqual({ unit: 'hours', value: 3 });
    expect(relativeTimeSince(ago(24 * 3_600_000), now)).toEqual({ unit: 'days', value: 1 });
    expect(relativeTimeSince(ago(9 * 24 * 3_600_000), now)).toEqual({ unit: 'days', value: 9 });
  });

  it('reads instants with an offset, as the API may send them', () => {
    expect(relativeTimeSince('2026-11-22T19:58:00.000+08:00', now)).toEqual({ unit: 'minutes', value: 2 });
  });
});

describe('relativeTimeMessageKey', () => {
  it('names a message for every unit', () => {
    expect(relativeTimeMessageKey({ unit: 'never' })).toBe('time.never');
    expect(relativeTimeMessageKey({ unit: 'justNow' })).toBe('time.justNow');
    expect(relativeTimeMessageKey({ unit: 'seconds', value: 5 })).toBe('time.secondsAgo');
    expect(relativeTimeMessageKey({ unit: 'minutes', value: 5 })).toBe('time.minutesAgo');
    expect(relativeTimeMessageKey({ unit: 'hours', value: 5 })).toBe('time.hoursAgo');
    expect(relativeTimeMessageKey({ unit: 'days', value: 5 })).toBe('time.daysAgo');
  });
});
