/**
 * Reading the server's INVALID_MESSAGE answer to an observation batch. Its issues name the offending
 * observations by position (`observations[3].code`), so exactly those can be set aside and the rest sent
 * again: one bad observation must not take 499 good ones down with it.
 */
import type { ObservationBatch, ProtocolError, ProtocolIssue } from '@fleetmedic/protocol';
import type { SetAsideReason } from './dead-letters';

/** `observations[3]`, `observations[3].code`, `observations[3].facts.pid`… */
const OBSERVATION_PATH = /^observations\[(\d+)\](.*)$/;

export interface RejectedObservations {
  /** The observations the server objected to, in batch order, as a batch of their own. */
  rejected: ObservationBatch;
  /** The server's error narrowed to them: its issue paths index into `rejected.observations`. */
  reason: SetAsideReason;
}

/**
 * The observations of `batch` that the error names, or null when it does not name observations alone (an
 * issue about `batchId`, about the list itself, or with no issues at all): then the whole batch is at fault.
 */
export function rejectedObservations(
  batch: ObservationBatch,
  error: ProtocolError,
): RejectedObservations | null {
  const issues = error.issues ?? [];
  if (issues.length === 0) return null;
  const located: { position: number; rest: string; message: string }[] = [];
  for (const issue of issues) {
    const match = OBSERVATION_PATH.exec(issue.path);
    const position = match === null ? Number.NaN : Number(match[1]);
    if (!Number.isInteger(position) || position >= batch.observations.length) return null;
    located.push({ position, rest: match?.[2] ?? '', message: issue.message });
  }
  const positions = [...new Set(located.map((issue) => issue.position))].sort((a, b) => a - b);
  const renumbered: ProtocolIssue[] = located.map((issue) => ({
    path: `observations[${positions.indexOf(issue.position)}]${issue.rest}`,
    message: issue.message,
  }));
  return {
    rejected: {
      batchId: batch.batchId,
      observations: positions.map((position) => batch.observations[position]!),
    },
    reason: {
      code: error.code,
      message: `Invalid observations: ${summarize(renumbered)}`,
      issues: renumbered,
    },
  };
}

function summarize(issues: readonly ProtocolIssue[], shown = 3): string {
  const first = issues.slice(0, shown).map((issue) => `${issue.path}: ${issue.message}`);
  const more = issues.length > shown ? `; and ${issues.length - shown} more` : '';
  return first.join('; ') + more;
}
