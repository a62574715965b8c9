/** The vocabulary of correlation: what it decides (incident changes) from check transitions. */

export interface IncidentHostState {
  since: number;
  /** Null while the host fails this way. */
  recoveredAt: number | null;
  evidence: readonly string[];
}

export interface TrackedIncident {
  id: string;
  fingerprint: string;
  /** The target as the first host reported it (`Spooler`; the fingerprint holds it lower-cased). */
  target: string;
  status: 'open' | 'resolved';
  openedAt: number;
  resolvedAt: number | null;
  hosts: Map<string, IncidentHostState>;
}

export type IncidentChange =
  | { kind: 'opened'; incident: TrackedIncident; at: number }
  | { kind: 'reopened'; incident: TrackedIncident; at: number }
  | { kind: 'host-joined'; incident: TrackedIncident; hostId: string; at: number }
  | { kind: 'host-failing-again'; incident: TrackedIncident; hostId: string; at: number }
  | { kind: 'host-recovered'; incident: TrackedIncident; hostId: string; at: number }
  | { kind: 'resolved'; incident: TrackedIncident; at: number };

export interface CorrelationSettings {
  /** Distinct hosts a fingerprint needs within the window to open an incident. */
  minHosts: number;
  /** The same, for a fingerprint the known-issue catalog recognizes (a known fix exists even for one PC). */
  minHostsKnownIssue: number;
  /** How far back a host's failure still counts towards opening an incident. */
  windowMs: number;
  /** How long every affected host must have been healthy before the incident resolves. */
  settleMs: number;
  /** A recurrence this soon after resolving reopens the same incident instead of opening a new one. */
  reopenMs: number;
}

/** `none` stands for the code of a failure that has none (a service down without an error). */
export const NO_CODE = 'none';
