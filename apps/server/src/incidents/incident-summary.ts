/** The summary shape of an incident, from its row. */
import type { IncidentSummary } from '@fleetmedic/protocol';
import { decodeIncidentCode, knownIssueTitle } from './incident-knowledge';
import type { IncidentEntity } from './incident.entity';

const symbols = new Map<string, string | null>();

function symbolOf(code: string | null): string | null {
  if (code === null) return null;
  if (!symbols.has(code)) symbols.set(code, decodeIncidentCode(code)?.symbol ?? null);
  return symbols.get(code) ?? null;
}

export function toIncidentSummary(row: IncidentEntity): IncidentSummary {
  const title = row.knownIssueId === null ? null : knownIssueTitle(row.knownIssueId);
  return {
    id: row.id,
    fingerprint: row.fingerprint,
    check: row.check,
    target: row.target,
    code: row.code,
    status: row.status,
    hostCount: row.hostCount,
    failingHostCount: row.failingHostCount,
    openedAt: row.openedAt,
    resolvedAt: row.resolvedAt,
    updatedAt: row.updatedAt,
    acknowledgedAt: row.acknowledgedAt,
    knownIssue:
      row.knownIssueId === null || title === null
        ? null
        : { id: row.knownIssueId, title, confirmed: row.knownIssueConfirmed },
    symbol: symbolOf(row.code),
  };
}
