/**
 * A host's facts as binary features, the units of common-factor analysis: "this PC has KB5005030",
 * "this PC has the Rpc\Internet key". Each feature has a stable key (`kb:KB5005030`) that is the same whatever
 * spelling the agent used, and a label people read.
 */
import type { CommonFactor, HostFacts } from '@fleetmedic/protocol';
import { RegistryPathCache, registryValueNameId } from './registry-paths';

export type FactorKind = CommonFactor['kind'];

export interface Feature {
  /** `registry-key:hklm\software\microsoft\rpc\internet`, `os-build:17763.2183`, `pending-reboot`, … */
  key: string;
  kind: FactorKind;
  /** `HKLM\Software\Microsoft\Rpc\Internet present`, `OS build 17763.2183`, … */
  label: string;
}

/**
 * Receives one feature: its kind, its id within the kind (normalized: the key is `<kind>:<id>`) and the
 * spelling to show it by. A visitor rather than an array so that counting a fleet allocates nothing per feature.
 */
export type FeatureVisitor = (kind: FactorKind, id: string, display: string) => void;

/** Calls `visit` for every feature of the host; the same feature may be visited twice (tags repeated, …). */
export function visitHostFeatures(
  facts: HostFacts,
  visit: FeatureVisitor,
  registry: RegistryPathCache = new RegistryPathCache(),
): void {
  visitHostFeaturesButUpdates(facts, visit, registry);
  for (const kb of facts.installedKbs) visit('kb', kb, kb);
}

/**
 * Every feature but the installed updates. Updates are most of a host's features (~150 of them), so counting
 * a fleet looks them up directly, by their id: the KB itself, which the wire validates as `KB` and digits.
 */
export function visitHostFeaturesButUpdates(
  facts: HostFacts,
  visit: FeatureVisitor,
  registry: RegistryPathCache,
): void {
  for (const [path, key] of Object.entries(facts.watchedRegistryKeys)) {
    if (!key.present) continue;
    const pathId = registry.id(path);
    if (pathId === '') continue;
    const displayPath = registry.display(path);
    visit('registry-key', pathId, displayPath);
    if (key.values === undefined) continue;
    for (const [name, data] of Object.entries(key.values)) {
      visit(
        'registry-value',
        `${pathId}\\${registryValueNameId(name)}=${data}`,
        `${displayPath}\\${name}=${data}`,
      );
    }
  }
  visitVerbatim(visit, 'os-build', facts.osBuild);
  visitVerbatim(visit, 'os-version', facts.osVersion);
  visitVerbatim(visit, 'edition', facts.edition);
  visitVerbatim(visit, 'agent-version', facts.agentVersion);
  // Tags, sites and domains are typed by people (and NetBIOS domains are case-insensitive): CORP is corp.
  for (const tag of facts.tags) visitCaseless(visit, 'tag', tag);
  visitCaseless(visit, 'site', facts.site);
  visitCaseless(visit, 'domain', facts.domain);
  if (facts.pendingReboot) visit('pending-reboot', '', '');
}

// Machine-reported values (builds, versions, edition ids) are compared as reported; an empty one is a
// fact the agent could not read, not a value hosts share.
function visitVerbatim(visit: FeatureVisitor, kind: FactorKind, value: string): void {
  const trimmed = value.trim();
  if (trimmed !== '') visit(kind, trimmed, trimmed);
}

function visitCaseless(visit: FeatureVisitor, kind: FactorKind, value: string | null): void {
  const trimmed = value?.trim() ?? '';
  if (trimmed !== '') visit(kind, trimmed.toLowerCase(), trimmed);
}

export function featureKey(kind: FactorKind, id: string): string {
  return kind === 'pending-reboot' ? kind : `${kind}:${id}`;
}

export function featureLabel(kind: FactorKind, display: string): string {
  switch (kind) {
    case 'registry-key':
      return `${display} present`;
    case 'registry-value':
      return display;
    case 'os-build':
      return `OS build ${display}`;
    case 'os-version':
      return `OS version ${display}`;
    case 'edition':
      return `Edition ${display}`;
    case 'kb':
      return `${display} installed`;
    case 'agent-version':
      return `Agent version ${display}`;
    case 'tag':
      return `Tag ${display}`;
    case 'site':
      return `Site ${display}`;
    case 'domain':
      return `Domain ${display}`;
    case 'pending-reboot':
      return 'Reboot pending';
  }
}

/** The host's distinct features, in a stable order: registry, OS, agent, grouping, pending reboot, updates. */
export function hostFeatures(facts: HostFacts): Feature[] {
  const features = new Map<string, Feature>();
  visitHostFeatures(facts, (kind, id, display) => {
    const key = featureKey(kind, id);
    if (!features.has(key)) features.set(key, { key, kind, label: featureLabel(kind, display) });
  });
  return [...features.values()];
}
