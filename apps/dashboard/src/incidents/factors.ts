/**
 * Formatting and ordering of common factors: the share bars, p-values in scientific notation and lift.
 * The words around the numbers are the i18n messages' job.
 */
import type { CommonFactor } from '@fleetmedic/protocol';

/** Strongest evidence first: smallest p-value, then highest lift (only-on-affected above all), then label. */
export function sortCommonFactors(factors: readonly CommonFactor[]): CommonFactor[] {
  return [...factors].sort(
    (a, b) =>
      compareNumbers(a.pValue, b.pValue) ||
      compareNumbers(liftRank(b), liftRank(a)) ||
      a.label.localeCompare(b.label),
  );
}

/** A count over its total as a fraction between 0 and 1 (0 for an empty total). */
export function shareOf(part: { count: number; total: number }): number {
  if (part.total <= 0) return 0;
  return Math.min(1, Math.max(0, part.count / part.total));
}

/**
 * A p-value as people who read statistics expect: two significant digits (`0.034`), and scientific
 * notation with one decimal below 0.001 (`1.2e-9`). A p-value that underflowed to 0 reads `0`.
 */
export function formatPValue(pValue: number): string {
  if (!Number.isFinite(pValue)) return '?';
  if (pValue <= 0) return '0';
  if (pValue >= 1) return '1';
  if (pValue >= 0.001) return String(Number(pValue.toPrecision(2)));
  const [mantissa = '', exponent = ''] = pValue.toExponential(1).split('e');
  return `${mantissa.replace(/\.0$/, '')}e${exponent.replace(/^\+/, '')}`;
}

/** Below this a factor is unlikely to be luck; weaker ones are shown, but muted. */
export const SIGNIFICANCE = 0.05;

/** Lift with one decimal (`12.5`), whole numbers from 100 up; null means the factor is never seen on healthy hosts. */
export function formatLift(lift: number | null): string | null {
  if (lift === null) return null;
  if (!Number.isFinite(lift)) return null;
  return lift >= 100 ? String(Math.round(lift)) : lift.toFixed(1);
}

function liftRank(factor: CommonFactor): number {
  return factor.lift ?? Number.POSITIVE_INFINITY;
}

function compareNumbers(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}
