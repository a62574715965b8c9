/**
 * Matching a failure against the known-issue catalog: which entries its fingerprint falls under, and which
 * of their confirming evidence the PC shows, so that a match says why it is believed, not only that it is.
 */
import type { LocalizedText } from '../localized-text';
import { KNOWN_ISSUES } from './catalog';
import { fingerprintMatches, fingerprintOf, parseFingerprint, ANY_TARGET } from './fingerprint';
import type { EvidenceRule, KnownIssue } from './known-issue';
import { registryKeyId } from './registry-path';

/** A watched registry key as the agent reports it in its host facts (structurally HostFacts' entries). */
export interface WatchedRegistryKeyFact {
  present: boolean;
  values?: Readonly<Record<string, string>>;
}

export interface KnownIssueQuery {
  check: string;
  target: string;
  /** The failure's code in any form Windows prints it; a query without one matches nothing. */
  code: string | number | null;
  /** The log or command-output lines that show the failure, verbatim. */
  evidence?: readonly string[];
  hostFacts?: { watchedRegistryKeys?: Readonly<Record<string, WatchedRegistryKeyFact>> } | null;
}

export type Confirmation =
  | {
      kind: 'registry-key-present';
      /** The key as the catalog names it. */
      key: string;
      /** The key as the host reported it, with its values when reported. */
      reportedKey: string;
      values: Readonly<Record<string, string>> | null;
      description: LocalizedText;
    }
  | { kind: 'evidence-line'; line: string; description: LocalizedText };

export interface KnownIssueMatch {
  issue: KnownIssue;
  /** The failure's fingerprint. */
  fingerprint: string;
  /** The catalog fingerprint that covered it, possibly with the `*` target. */
  matchedFingerprint: string;
  /** The catalog names this very target, not just any target. */
  exactTarget: boolean;
  /** The evidence found on the PC, one entry per satisfied rule. */
  confirmations: Confirmation[];
  confirmed: boolean;
}

/**
 * The known issues a failure matches, best first: confirmed before unconfirmed, an exact target before
 * the `*` target, more confirmations before fewer, then catalog order.
 * Throws InvalidErrorCodeError when `code` is not an error code.
 */
export function matchKnownIssues(
  query: KnownIssueQuery,
  catalog: readonly KnownIssue[] = KNOWN_ISSUES,
): KnownIssueMatch[] {
  if (query.code === null) return [];
  const fingerprint = fingerprintOf(query.check, query.target, query.code);
  const matches: KnownIssueMatch[] = [];
  for (const issue of catalog) {
    const matchedFingerprint = bestFingerprint(issue, fingerprint);
    if (matchedFingerprint === null) continue;
    const confirmations = issue.confirmingEvidence.flatMap((rule) => confirm(rule, query));
    matches.push({
      issue,
      fingerprint,
      matchedFingerprint,
      exactTarget: parseFingerprint(matchedFingerprint).target !== ANY_TARGET,
      confirmations,
      confirmed: confirmations.length > 0,
    });
  }
  return matches
    .map((match, order) => ({ match, order }))
    .sort((a, b) => rank(b.match) - rank(a.match) || a.order - b.order)
    .map(({ match }) => match);
}

/** The issue's exact fingerprint for the failure if it has one, else its wildcard one, else null. */
function bestFingerprint(issue: KnownIssue, fingerprint: string): string | null {
  if (issue.fingerprints.includes(fingerprint)) return fingerprint;
  return issue.fingerprints.find((pattern) => fingerprintMatches(pattern, fingerprint)) ?? null;
}

function rank(match: KnownIssueMatch): number {
  return (match.confirmed ? 1000 : 0) + (match.exactTarget ? 100 : 0) + match.confirmations.length;
}

function confirm(rule: EvidenceRule, query: KnownIssueQuery): Confirmation[] {
  switch (rule.kind) {
    case 'registry-key-present': {
      const wanted = registryKeyId(rule.key);
      const facts = Object.entries(query.hostFacts?.watchedRegistryKeys ?? {});
      const found = facts.find(([key, fact]) => fact.present && registryKeyId(key) === wanted);
      if (found === undefined) return [];
      const [reportedKey, fact] = found;
      return [
        {
          kind: rule.kind,
          key: rule.key,
          reportedKey,
          values: fact.values ?? null,
          description: rule.description,
        },
      ];
    }
    case 'evidence-line': {
      const needles = rule.contains.map((needle) => needle.toLowerCase());
      const line = (query.evidence ?? []).find((candidate) => {
        const haystack = candidate.toLowerCase();
        return needles.every((needle) => haystack.includes(needle));
      });
      return line === undefined ? [] : [{ kind: rule.kind, line, description: rule.description }];
    }
  }
}
