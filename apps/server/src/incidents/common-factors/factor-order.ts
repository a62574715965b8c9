/**
 * The order factors are shown in: the most convincing first (lowest p-value, then the larger share of the
 * affected hosts), and among equally convincing ones the fact an operator can act on first.
 */
import type { CommonFactor } from '@fleetmedic/protocol';
import type { FactorKind } from './host-features';

/**
 * Ties are common: every affected host with the Rpc\Internet key also has its `Ports` value, with the same
 * counts. Registry keys and values come first because the agent watches them exactly because the catalog
 * ties them to failures, and they are settings someone changed and a playbook can change back; the key
 * before its values since it is the coarser fact that the values refine. Installed updates are the next most
 * common change made to a PC, then its baseline from specific to general (build, version, edition), then our
 * own agent, a pending reboot (a state that passes), and last the groupings of PCs (tag, site, domain),
 * which point at who set the PCs up rather than at what is wrong with them.
 */
export const FACTOR_KIND_PRIORITY: readonly FactorKind[] = [
  'registry-key',
  'registry-value',
  'kb',
  'os-build',
  'os-version',
  'edition',
  'agent-version',
  'pending-reboot',
  'tag',
  'site',
  'domain',
];

const kindRank = new Map(FACTOR_KIND_PRIORITY.map((kind, rank) => [kind, rank]));

export function compareFactors(a: CommonFactor, b: CommonFactor): number {
  return (
    a.pValue - b.pValue ||
    b.affected.count / b.affected.total - a.affected.count / a.affected.total ||
    (kindRank.get(a.kind) ?? 0) - (kindRank.get(b.kind) ?? 0) ||
    compareCodePoints(a.factor, b.factor)
  );
}

// Code-point order, not the locale's, so the order is the same on every server.
function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
