/**
 * The shape of the known-issue catalog: which failures an entry recognizes (fingerprints), what confirms
 * it on a PC (evidence), what it means, how to fix it and where that fix is documented.
 */
import type { LocalizedText } from '../localized-text';

/** The remediation playbooks the executor implements; a known issue names one only when it fits exactly. */
export const PLAYBOOK_IDS = [
  'spooler-rpc-internet',
  'catroot2-repair',
  'reset-windows-update-components',
] as const;
export type PlaybookId = (typeof PLAYBOOK_IDS)[number];

/** How much a fix can disturb a PC if it goes wrong: it decides how carefully a rollout proceeds. */
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Something observed on the PC that makes a fingerprint match a certainty rather than a guess. */
export type EvidenceRule =
  | {
      kind: 'registry-key-present';
      /** As the agent reports it in the host facts, e.g. `HKLM\Software\Microsoft\Rpc\Internet`. */
      key: string;
      description: LocalizedText;
    }
  | {
      kind: 'evidence-line';
      /** One evidence line must contain every one of these, ignoring case. */
      contains: readonly string[];
      description: LocalizedText;
    };

export interface KnownIssue {
  /** Stable, kebab-case; referenced by incidents and auto-remediation rules. */
  id: string;
  title: LocalizedText;
  /** `check:target:code`; the target `*` matches any target (any KB failing with that code). */
  fingerprints: readonly string[];
  confirmingEvidence: readonly EvidenceRule[];
  /** Registry keys the agent must report in its host facts so that the evidence can be checked. */
  watchRegistryKeys: readonly string[];
  diagnosis: LocalizedText;
  /** What fixes it: the playbook's steps in words, or the documented manual fix when there is no playbook. */
  fix: LocalizedText;
  playbook: PlaybookId | null;
  risk: RiskLevel;
  /** Where the diagnosis and fix come from: a field case (`cases/…`) or a public Microsoft page. */
  source: string;
  seeAlso: readonly string[];
}
