/**
 * Remediation playbooks as data: a closed set of typed steps (never shell text) that the agent's executor
 * implements once each, for Windows with Microsoft's documented commands and for the simulated PC. Every
 * step that changes the PC names the backup that undoes it, and that backup is taken by an earlier step,
 * so a failed run can always be put back as it was (see `rollbackOf`).
 */
import type { PlaybookId, RiskLevel } from '../known-issues/known-issue';
import type { LocalizedText } from '../localized-text';

/** A value taken from the incident the playbook is run for: the failing KB of an update incident. */
export const INCIDENT_KB = '${incident.kb}';

export type PlaybookStep =
  | { kind: 'service.stop'; service: string }
  | { kind: 'service.start'; service: string }
  | { kind: 'service.restart'; service: string }
  /** `reg export KEY FILE /y` into the backup. */
  | { kind: 'registry.export'; key: string; backup: string }
  /** `reg delete KEY /f`; undone by importing `backup`. */
  | { kind: 'registry.delete'; key: string; backup: string }
  /** `reg import FILE` from the backup. */
  | { kind: 'registry.import'; backup: string }
  /** `esentutl /g DB`: integrity check, changes nothing. */
  | { kind: 'esentutl.check'; database: string }
  /** `esentutl /p DB`: repair; undone by restoring the folder backup that holds the database. */
  | { kind: 'esentutl.repair'; database: string; backup: string }
  /** A copy of the folder, recursively, kept on the PC. */
  | { kind: 'folder.backup'; path: string; backup: string }
  /** Everything inside the folder deleted, the folder kept; undone by restoring `backup`. */
  | { kind: 'folder.empty'; path: string; backup: string }
  | { kind: 'folder.restore'; path: string; backup: string }
  /** Installs the update again from the PC's own source (Windows Update), non-interactively. */
  | { kind: 'update.install'; kb: string }
  | { kind: 'wait'; ms: number }
  /** The check the incident is about must now pass on this PC. */
  | { kind: 'verify.service'; service: string; state: 'RUNNING' }
  | { kind: 'verify.update'; kb: string; installed: true };

export type PlaybookStepKind = PlaybookStep['kind'];

export interface Playbook {
  id: PlaybookId;
  /** Bumped whenever the steps change: a job names the version it was approved with. */
  version: number;
  title: LocalizedText;
  /** What it does and what the PC shows afterwards, for the approval preview. */
  summary: LocalizedText;
  risk: RiskLevel;
  steps: readonly PlaybookStep[];
  /** A restart is pending once it succeeded (an update installed), and the report says so. */
  leavesRestartPending: boolean;
  /** Where the procedure comes from. */
  source: string;
}
