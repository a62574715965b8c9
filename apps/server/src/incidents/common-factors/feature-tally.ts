/**
 * Counts, in one pass over each side, how many affected and how many healthy hosts have each feature of the
 * fleet. A fleet of 10,000 hosts with 150 features each costs 1.5 million map lookups and an allocation per
 * distinct feature, not per host and feature.
 */
import type { HostFacts } from '@fleetmedic/protocol';
import {
  type FactorKind,
  type FeatureVisitor,
  visitHostFeatures,
  visitHostFeaturesButUpdates,
} from './host-features';
import { RegistryPathCache } from './registry-paths';

export interface FeatureTally {
  kind: FactorKind;
  /** The feature's id within its kind (its key is `<kind>:<id>`). */
  id: string;
  affected: number;
  healthy: number;
  /** Spellings affected hosts used other than the id, with how many used each: labels show the usual one. */
  spellings: Map<string, number> | undefined;
  /** The last host counted, so that a feature a host reports twice counts once. */
  lastHost: number;
}

export function tallyFeatures(affected: readonly HostFacts[], healthy: readonly HostFacts[]): FeatureTally[] {
  const registry = new RegistryPathCache();
  const byKind = new Map<FactorKind, Map<string, FeatureTally>>();
  // Host numbers run on from the affected into the healthy, so `lastHost` never mistakes one for another.
  let host = 0;

  const talliesOf = (kind: FactorKind): Map<string, FeatureTally> => {
    let tallies = byKind.get(kind);
    if (tallies === undefined) {
      tallies = new Map();
      byKind.set(kind, tallies);
    }
    return tallies;
  };
  const firstTimeOnHost = (tallies: Map<string, FeatureTally>, kind: FactorKind, id: string) => {
    let tally = tallies.get(id);
    if (tally === undefined) {
      tally = { kind, id, affected: 0, healthy: 0, spellings: undefined, lastHost: -1 };
      tallies.set(id, tally);
    } else if (tally.lastHost === host) {
      return undefined;
    }
    tally.lastHost = host;
    return tally;
  };

  const countAffected: FeatureVisitor = (kind, id, display) => {
    const tally = firstTimeOnHost(talliesOf(kind), kind, id);
    if (tally === undefined) return;
    tally.affected++;
    // Most features are spelled as their id (builds, KBs); only the other spellings need counting.
    if (display === id) return;
    tally.spellings ??= new Map();
    tally.spellings.set(display, (tally.spellings.get(display) ?? 0) + 1);
  };
  const countHealthy: FeatureVisitor = (kind, id) => {
    const tally = firstTimeOnHost(talliesOf(kind), kind, id);
    if (tally !== undefined) tally.healthy++;
  };

  for (const facts of affected) {
    visitHostFeatures(facts, countAffected, registry);
    host++;
  }
  // Installed updates are most of a host's features: counted here without the visitor's indirections,
  // which halves the time of a large fleet.
  const updates = talliesOf('kb');
  for (const facts of healthy) {
    visitHostFeaturesButUpdates(facts, countHealthy, registry);
    for (const kb of facts.installedKbs) {
      const tally = firstTimeOnHost(updates, 'kb', kb);
      if (tally !== undefined) tally.healthy++;
    }
    host++;
  }
  return [...byKind.values()].flatMap((tallies) => [...tallies.values()]);
}

/** The spelling most affected hosts used; among equally common ones the first in code-point order. */
export function usualSpelling(tally: FeatureTally): string {
  let usual = tally.id;
  let usualCount = tally.affected;
  if (tally.spellings === undefined) return usual;
  for (const count of tally.spellings.values()) usualCount -= count;
  for (const [spelling, count] of tally.spellings) {
    if (count > usualCount || (count === usualCount && spelling < usual)) {
      usual = spelling;
      usualCount = count;
    }
  }
  return usual;
}
