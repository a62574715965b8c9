/**
 * Common-factor analysis: which host facts are over-represented among an incident's affected hosts against
 * the healthy fleet ("5 of 5 affected PCs have HKLM\Software\Microsoft\Rpc\Internet, 0 of 195 healthy ones").
 * Pure and fast: the server reruns it whenever an incident changes, over fleets of 10,000 hosts.
 */
import type { CommonFactor, HostFacts } from '@fleetmedic/protocol';
import { compareFactors } from './factor-order';
import { familyWiseThreshold } from './family-wise-threshold';
import { type FeatureTally, tallyFeatures, usualSpelling } from './feature-tally';
import { overRepresentationPValue, smallestPossiblePValue } from './fisher-exact';
import { featureKey, featureLabel } from './host-features';

export interface CommonFactorOptions {
  /**
   * Significance level: the chance that an incident shows any factor by luck alone stays below it. With
   * `correctForManyFacts` each factor's p-value must be below a share of it (see family-wise-threshold.ts);
   * without, below it.
   */
  maxPValue?: number;
  /** Allow for the many facts tested at once (Tarone's correction). */
  correctForManyFacts?: boolean;
  /** A factor must be on at least this many affected hosts… */
  minAffectedHosts?: number;
  /** …and on at least this share of them. */
  minAffectedShare?: number;
  /** At most this many factors, the most convincing first. */
  limit?: number;
}

export const DEFAULT_COMMON_FACTOR_OPTIONS: Readonly<Required<CommonFactorOptions>> = {
  maxPValue: 0.01,
  correctForManyFacts: true,
  // One PC always has something no other PC has: a fact of one affected host explains nothing shared.
  minAffectedHosts: 2,
  // A fact of a minority of the affected hosts is not what they have in common; half still lets a cause
  // show when some affected hosts fail for another reason or report stale facts.
  minAffectedShare: 0.5,
  // What fits in an incident card and a chat alert; a real cause comes first.
  limit: 10,
};

/**
 * The facts over-represented among `affected` against `healthy`, the most convincing first. The two lists
 * are disjoint sets of hosts; a host whose facts are unknown (null) is left out of both sides, so the totals
 * count hosts with facts.
 */
export function commonFactors(
  affected: readonly (HostFacts | null)[],
  healthy: readonly (HostFacts | null)[],
  options: CommonFactorOptions = {},
): CommonFactor[] {
  const settings = { ...DEFAULT_COMMON_FACTOR_OPTIONS, ...options };
  const affectedHosts = affected.filter((facts) => facts !== null);
  const healthyHosts = healthy.filter((facts) => facts !== null);
  const totals = { affected: affectedHosts.length, healthy: healthyHosts.length };
  if (totals.affected === 0) return [];

  const tallies = tallyFeatures(affectedHosts, healthyHosts);
  const support = minimumSupport(totals.affected, settings);
  const threshold = settings.correctForManyFacts
    ? familyWiseThreshold(
        tallies.map((tally) => smallestReportablePValue(tally, totals, support)),
        settings.maxPValue,
      )
    : settings.maxPValue;

  const factors: CommonFactor[] = [];
  for (const tally of tallies) {
    if (tally.affected < support || !isOverRepresented(tally, totals)) continue;
    const factor = toCommonFactor(tally, totals);
    if (factor.pValue < threshold) factors.push(factor);
  }
  return factors.sort(compareFactors).slice(0, Math.max(0, settings.limit));
}

interface Totals {
  affected: number;
  healthy: number;
}

/** The fewest affected hosts a factor must be on. */
function minimumSupport(affectedTotal: number, settings: Required<CommonFactorOptions>): number {
  // The epsilon keeps 0.3 × 10 (3.0000000000000004 in binary) at 3.
  return Math.max(settings.minAffectedHosts, Math.ceil(settings.minAffectedShare * affectedTotal - 1e-9));
}

// A fact on fewer hosts than the support could never be reported: it is no test, whatever the p-value.
function smallestReportablePValue(tally: FeatureTally, totals: Totals, support: number): number {
  const hostsWithFact = tally.affected + tally.healthy;
  if (Math.min(hostsWithFact, totals.affected) < support) return 1;
  return smallestPossiblePValue(hostsWithFact, totals.affected, totals.healthy);
}

// Share among affected above share among healthy, compared without division (healthy may be empty).
function isOverRepresented(tally: FeatureTally, totals: Totals): boolean {
  return tally.affected * totals.healthy > tally.healthy * totals.affected;
}

function toCommonFactor(tally: FeatureTally, totals: Totals): CommonFactor {
  const healthyShare = totals.healthy === 0 ? 0 : tally.healthy / totals.healthy;
  const value = usualSpelling(tally);
  return {
    factor: featureKey(tally.kind, tally.id),
    kind: tally.kind,
    label: featureLabel(tally.kind, value),
    value: tally.kind === 'pending-reboot' ? '' : value,
    affected: { count: tally.affected, total: totals.affected },
    healthy: { count: tally.healthy, total: totals.healthy },
    pValue: overRepresentationPValue({
      affectedWith: tally.affected,
      affectedTotal: totals.affected,
      healthyWith: tally.healthy,
      healthyTotal: totals.healthy,
    }),
    lift: healthyShare === 0 ? null : tally.affected / totals.affected / healthyShare,
  };
}
