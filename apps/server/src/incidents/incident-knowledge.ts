/**
 * What the knowledge library says about an incident: the decoded code, and the known issues its fingerprint
 * matches, confirmed by the evidence and facts of the affected hosts.
 */
import {
  KNOWN_ISSUES,
  type KnownIssueMatch,
  explainCode,
  matchKnownIssues,
  parseFingerprint,
} from '@fleetmedic/knowledge';
import type { DecodedCode, HostFacts, IncidentKnownIssue } from '@fleetmedic/protocol';
import { NO_CODE } from './correlation/correlation-types';

export interface AffectedHostEvidence {
  evidence: readonly string[];
  facts: HostFacts | null;
}

const knownFingerprints = new Map<string, boolean>();
const KNOWN_ISSUE_TITLES = new Map(
  KNOWN_ISSUES.map((issue) => [issue.id, { en: issue.title.en, 'zh-CN': issue.title['zh-CN'] }]),
);

/** Whether the catalog recognizes a fingerprint at all (evidence aside). */
export function isKnownFingerprint(fingerprint: string): boolean {
  let known = knownFingerprints.get(fingerprint);
  if (known === undefined) {
    const { check, target, code } = parseFingerprint(fingerprint);
    known = code !== NO_CODE && matchKnownIssues({ check, target, code }).length > 0;
    knownFingerprints.set(fingerprint, known);
  }
  return known;
}

export function decodeIncidentCode(code: string | null): DecodedCode | null {
  if (code === null) return null;
  const explanation = explainCode(code);
  return {
    code: explanation.code,
    symbol: explanation.symbol,
    symbols: explanation.symbols,
    family: explanation.kind,
    facility: explanation.decoded.facilityName,
    win32: explanation.decoded.win32 ?? null,
    jet: explanation.decoded.jet ?? null,
    meaning: explanation.meaning
      ? { en: explanation.meaning.en, 'zh-CN': explanation.meaning['zh-CN'] }
      : null,
    source: explanation.source,
  };
}

/** Known issues the incident matches, each with the number of affected hosts whose evidence confirms it. */
export function incidentKnownIssues(
  fingerprint: string,
  hosts: readonly AffectedHostEvidence[],
): IncidentKnownIssue[] {
  const { check, target, code } = parseFingerprint(fingerprint);
  if (code === NO_CODE) return [];
  const byId = new Map<string, { match: KnownIssueMatch; confirmedOnHosts: number }>();
  const perHost = hosts.length > 0 ? hosts : [{ evidence: [], facts: null }];
  for (const host of perHost) {
    for (const match of matchKnownIssues({
      check,
      target,
      code,
      evidence: host.evidence,
      hostFacts: host.facts,
    })) {
      const entry = byId.get(match.issue.id) ?? { match, confirmedOnHosts: 0 };
      if (match.confirmed) entry.confirmedOnHosts += 1;
      byId.set(match.issue.id, entry);
    }
  }
  return [...byId.values()]
    .sort((a, b) => b.confirmedOnHosts - a.confirmedOnHosts)
    .map(({ match: { issue }, confirmedOnHosts }) => ({
      id: issue.id,
      title: { en: issue.title.en, 'zh-CN': issue.title['zh-CN'] },
      diagnosis: { en: issue.diagnosis.en, 'zh-CN': issue.diagnosis['zh-CN'] },
      fix: { en: issue.fix.en, 'zh-CN': issue.fix['zh-CN'] },
      playbook: issue.playbook,
      risk: issue.risk,
      source: issue.source,
      confirmed: confirmedOnHosts > 0,
      confirmedOnHosts,
    }));
}

export function knownIssueTitle(id: string): { en: string; 'zh-CN': string } | null {
  return KNOWN_ISSUE_TITLES.get(id) ?? null;
}
