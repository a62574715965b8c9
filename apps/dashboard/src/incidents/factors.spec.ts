import { describe, expect, it } from '@jest/globals';
import { newFactor } from '../testing/factories';
import { formatLift, formatPValue, shareOf, sortCommonFactors } from './factors';

describe('formatPValue', () => {
  it('writes small p-values in scientific notation with one decimal', () => {
    expect(formatPValue(1.234e-9)).toBe('1.2e-9');
    expect(formatPValue(1e-12)).toBe('1e-12');
    expect(formatPValue(0.000_95)).toBe('9.5e-4');
  });

  it('writes larger ones with two significant digits', () => {
    expect(formatPValue(0.0342)).toBe('0.034');
    expect(formatPValue(0.5)).toBe('0.5');
    expect(formatPValue(0.001)).toBe('0.001');
  });

  it('handles the edges: underflow to 0, 1 and above, and not-a-number', () => {
    expect(formatPValue(0)).toBe('0');
    expect(formatPValue(1)).toBe('1');
    expect(formatPValue(1.000_000_1)).toBe('1');
    expect(formatPValue(Number.NaN)).toBe('?');
  });
});

describe('formatLift', () => {
  it('gives one decimal, whole numbers from 100, and null for a factor never seen on healthy hosts', () => {
    expect(formatLift(12.54)).toBe('12.5');
    expect(formatLift(1)).toBe('1.0');
    expect(formatLift(250.4)).toBe('250');
    expect(formatLift(null)).toBeNull();
  });
});

describe('shareOf', () => {
  it('is the fraction, bounded, and 0 for an empty total', () => {
    expect(shareOf({ count: 5, total: 5 })).toBe(1);
    expect(shareOf({ count: 1, total: 4 })).toBe(0.25);
    expect(shareOf({ count: 0, total: 0 })).toBe(0);
    expect(shareOf({ count: 7, total: 5 })).toBe(1);
  });
});

describe('sortCommonFactors', () => {
  it('puts the strongest evidence first: smallest p-value, then highest lift, only-on-affected above all', () => {
    const sorted = sortCommonFactors([
      newFactor({ factor: 'weak', pValue: 0.2, lift: 1.5 }),
      newFactor({ factor: 'strong-lift', pValue: 1e-3, lift: 8 }),
      newFactor({ factor: 'only-affected', pValue: 1e-3, lift: null }),
      newFactor({ factor: 'strongest', pValue: 1e-9, lift: 2 }),
    ]);
    expect(sorted.map((factor) => factor.factor)).toEqual([
      'strongest',
      'only-affected',
      'strong-lift',
      'weak',
    ]);
  });
});
