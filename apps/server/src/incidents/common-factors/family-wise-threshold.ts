/**
 * The p-value a fact must stay below when many facts are tested at once. An incident is tested against every
 * fact of the fleet, ~150 per PC; at a plain 0.01 one random set of PCs in ten would show some fact "in
 * common" by luck. Bonferroni divides the level by the number of tests; Tarone's refinement for discrete
 * tests (Tarone 1990, as in significant-pattern mining) counts only the facts that could reach the divided
 * level at all. Most facts cannot (a fact on most PCs cannot be over-represented among a few), so real
 * causes keep their power while the chance of any fact reported by luck stays below the level.
 */

/**
 * Tarone's threshold: `level / m` for the least m ≥ 1 such that at most m of the facts could reach a
 * p-value below `level / m`. `smallestPossible` holds each fact's least reachable p-value.
 */
export function familyWiseThreshold(smallestPossible: readonly number[], level: number): number {
  const testable = smallestPossible.filter((p) => p < level).sort((a, b) => a - b);
  let tests = 1;
  // Fewer facts qualify as the threshold falls, so the first m that covers them is found walking upwards.
  while (countBelow(testable, level / tests) > tests) tests++;
  return level / tests;
}

/** How many of the ascending `values` are below `limit`. */
function countBelow(values: readonly number[], limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((values[middle] ?? limit) < limit) low = middle + 1;
    else high = middle;
  }
  return low;
}
