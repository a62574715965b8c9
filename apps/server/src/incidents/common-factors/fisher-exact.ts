/**
 * One-sided Fisher exact test for over-representation: given how many hosts of the fleet have a fact and how
 * many are affected, the chance that at least this many of the affected hosts have it by luck (the upper tail
 * of the hypergeometric distribution). Computed in log space so fleets of any size neither overflow nor
 * lose the tiny p-values that matter.
 */

/** The 2×2 table of one fact: hosts with it, and hosts in all, on each side. */
export interface FactTable {
  affectedWith: number;
  affectedTotal: number;
  healthyWith: number;
  healthyTotal: number;
}

// ln(n!) for n = 0, 1, 2, …, grown on demand and kept: every analysis of the same fleet reuses it, and
// 10,000 entries cost 80 kB.
const logFactorials: number[] = [0];

function logFactorial(n: number): number {
  for (let next = logFactorials.length; next <= n; next++) {
    logFactorials.push((logFactorials[next - 1] ?? 0) + Math.log(next));
  }
  return logFactorials[n] ?? Number.NaN;
}

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

function assertTable(table: FactTable): void {
  const { affectedWith, affectedTotal, healthyWith, healthyTotal } = table;
  const counts = [affectedWith, affectedTotal, healthyWith, healthyTotal];
  if (!counts.every((count) => Number.isSafeInteger(count) && count >= 0)) {
    throw new RangeError(`a fact table holds non-negative integer counts, got ${JSON.stringify(table)}`);
  }
  if (affectedWith > affectedTotal || healthyWith > healthyTotal) {
    throw new RangeError(
      `a fact table cannot count more hosts with a fact than hosts, got ${JSON.stringify(table)}`,
    );
  }
}

/** P(X ≥ affectedWith) for X ~ Hypergeometric(all hosts, hosts with the fact, affected hosts). */
export function overRepresentationPValue(table: FactTable): number {
  assertTable(table);
  const hosts = table.affectedTotal + table.healthyTotal;
  const withFact = table.affectedWith + table.healthyWith;
  const drawn = table.affectedTotal;
  const lowest = Math.max(0, drawn - (hosts - withFact));
  const highest = Math.min(drawn, withFact);
  // At or below the least possible count, every outcome is "at least this many".
  if (table.affectedWith <= lowest) return 1;

  const logAllDraws = logChoose(hosts, drawn);
  const logTerms: number[] = [];
  let largest = Number.NEGATIVE_INFINITY;
  for (let x = table.affectedWith; x <= highest; x++) {
    const logTerm = logChoose(withFact, x) + logChoose(hosts - withFact, drawn - x) - logAllDraws;
    logTerms.push(logTerm);
    largest = Math.max(largest, logTerm);
  }
  // Sum relative to the largest term, so that no term underflows before the others are added to it.
  let sum = 0;
  for (const logTerm of logTerms) sum += Math.exp(logTerm - largest);
  return Math.min(1, Math.exp(largest + Math.log(sum)));
}

/**
 * The least p-value a fact can reach, whichever hosts turn out affected: the one where as many affected hosts
 * as possible have it. A fact most PCs have (a baseline update) can never look over-represented among a
 * few of them; multiple-testing corrections need not count it.
 */
export function smallestPossiblePValue(
  hostsWithFact: number,
  affectedTotal: number,
  healthyTotal: number,
): number {
  const affectedWith = Math.min(hostsWithFact, affectedTotal);
  return overRepresentationPValue({
    affectedWith,
    affectedTotal,
    healthyWith: hostsWithFact - affectedWith,
    healthyTotal,
  });
}
