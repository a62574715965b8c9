/**
 * The `explain --json` contract (docs/explain.md): what FleetMedic reads in one captured Windows output.
 * Field names and meanings are stable within a `formatVersion`; new fields may appear, none disappear.
 */
import type { ServiceStartType, ServiceState } from '@fleetmedic/protocol/constants';
import type { EvidenceLine, OutputKind } from '../host/windows/parsers';

export const EXPLAIN_FORMAT_VERSION = 1;

export type ExplainLanguage = 'en' | 'zh-CN';

export interface LocalizedMeaning {
  en: string;
  'zh-CN': string;
}

/** Where in the product's terms a failure belongs: `service:spooler`, `patch:kb5005030`. */
export interface FailureContext {
  check: 'service' | 'patch';
  target: string;
}

export interface ExplainedService {
  service: string | null;
  displayName: string | null;
  state: ServiceState | null;
  startType: ServiceStartType | null;
  win32ExitCode: number | null;
  serviceSpecificExitCode: number | null;
  pid: number | null;
  /** Normalized code of the failure the output shows, or null. */
  code: string | null;
  evidence: EvidenceLine[];
}

export interface ExplainedUpdate {
  kb: string | null;
  package: string | null;
  result: 'failed' | 'succeeded' | 'installed' | 'unknown';
  title: string | null;
  at: string | null;
  code: string | null;
  evidence: EvidenceLine[];
}

export interface ExplainedKnownIssue {
  id: string;
  title: LocalizedMeaning;
  /** The failure's fingerprint (`service:spooler:0x80070057`). */
  fingerprint: string;
  /** Whether evidence in this output confirms it (otherwise it is a candidate by fingerprint only). */
  confirmed: boolean;
  confirmedBy: string[];
  diagnosis: LocalizedMeaning;
  fix: LocalizedMeaning;
  playbook: string | null;
  risk: 'low' | 'medium' | 'high';
  source: string;
}

/** How often a streamed log showed a code, counting what the report left out. */
export interface CodeOccurrences {
  /** Failures with this code in the whole log: failed CBS operations, WindowsUpdate.log entries. */
  failures: number;
  /** Their evidence lines in the whole log. */
  lines: number;
  /** Some of them are not in `updates` / `evidence` (only counted, to keep memory bounded). */
  truncated: boolean;
}

export interface ExplainedError {
  /** `0x` + 8 lowercase hex digits. */
  code: string;
  /** Every form the output printed it in (`87`, `%%87`, `0x8E5E03FA`). */
  shownAs: string[];
  /** The name logs print (E_INVALIDARG, JET_errReadVerifyFailure), from the output or the code table. */
  symbol: string | null;
  /** All names known for the value. */
  symbols: string[];
  /** The error family: win32, hresult, ntstatus, jet, windows-update, cbs. */
  family: string;
  facility: string | null;
  /** Win32 error inside an HRESULT_FROM_WIN32 value, ESE error inside an HRESULT_FROM_JET_ERR value. */
  win32: number | null;
  jet: number | null;
  meaning: LocalizedMeaning | null;
  /** The public page the meaning comes from. */
  source: string | null;
  /** What failed with this code in the output: services and updates. */
  contexts: FailureContext[];
  evidence: EvidenceLine[];
  knownIssues: ExplainedKnownIssue[];
  /** Only when a large log was streamed: everything the log had with this code, shown or not. */
  occurrences?: CodeOccurrences;
}

export interface RegistryKeyFinding {
  path: string;
  values: { name: string; type: string; data: string }[];
  deleted: boolean;
}

export interface ExplainReport {
  formatVersion: typeof EXPLAIN_FORMAT_VERSION;
  file: string;
  /** The kind of output, or `unknown` / `binary` when it is none FleetMedic reads. */
  kind: OutputKind | 'unknown' | 'binary';
  kindDescription: string | null;
  /** Why the kind was chosen (or given with --kind). */
  detectedBy: string;
  /** How the bytes were decoded: `utf-8`, `utf-16le`, `gbk`, … */
  encoding: string;
  services: ExplainedService[];
  updates: ExplainedUpdate[];
  registryKeys: RegistryKeyFinding[];
  errors: ExplainedError[];
  /** Every known issue any error matched, confirmed ones first. */
  knownIssues: ExplainedKnownIssue[];
  warnings: string[];
  /** When `kind` is unknown: what FleetMedic can read. */
  supportedKinds?: { kind: OutputKind; description: string }[];
}
