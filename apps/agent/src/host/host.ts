/**
 * The Host port: everything the agent can read on a PC. The agent never touches Windows except through it;
 * `windows/` implements it with PowerShell/CIM, event logs and reg.exe, `simulated/` with an in-memory PC.
 *
 * Every method may reject (PowerShell missing, access denied, a timeout): callers turn a rejection into an
 * `unknown` observation with the reason, never into a crash.
 */
import type { HostFacts, WatchedRegistryKey } from '@fleetmedic/protocol';
import type { ServiceStartType, ServiceState } from '@fleetmedic/protocol/constants';

/** One Windows service as the Service Control Manager reports it, in locale-independent terms. */
export interface ServiceStatus {
  /** The service's key name, e.g. `Spooler`. */
  name: string;
  /** The localized display name, e.g. `Print Spooler`. */
  displayName: string;
  state: ServiceState;
  startType: ServiceStartType;
  /** Win32 exit code of the last stop (1066 means "see serviceSpecificExitCode", 1077 "never started"). */
  win32ExitCode: number;
  serviceSpecificExitCode: number;
  /** Process id while running; null when stopped. */
  pid: number | null;
  /** The normalized code (e.g. `0x80070057`) of the last failed start, or null when the last start did not fail. */
  startError: string | null;
  /** That code as Windows showed it (e.g. `87`), when it differs from `startError`. */
  startErrorOriginal: string | null;
  /** Service Control Manager lines about the last failed start (events 7000, 7009, 7023…), verbatim. */
  evidence: string[];
}

export const PATCH_STATUSES = ['installed', 'failed', 'pending'] as const;
export type PatchStatus = (typeof PATCH_STATUSES)[number];

/** The latest known install result of one update. */
export interface PatchResult {
  /** e.g. `KB5005030`. */
  kb: string;
  title: string;
  status: PatchStatus;
  /** Normalized HRESULT of a failure, e.g. `0x8e5e03fa`; null unless failed. */
  code: string | null;
  codeOriginal: string | null;
  /** The servicing package that failed, e.g. `Package_177_for_KB5005030~31bf3856ad364e35~amd64~~10.0.1.3`. */
  package: string | null;
  /** Log lines that show the result, verbatim (CBS.log, WindowsUpdateClient events). */
  evidence: string[];
  /** When the result was recorded (ISO 8601), when the source says. */
  at: string | null;
}

export interface PendingReboot {
  pending: boolean;
  /** What asks for the restart, e.g. `Component Based Servicing`, `Windows Update`, `PendingFileRenameOperations`. */
  reasons: string[];
}

export interface Host {
  /** OS, edition, installed KBs, site and tags, watched keys, pending reboot: the material of common-factor analysis. */
  readFacts(): Promise<HostFacts>;
  /** The named services; a name that is not installed is left out of the result. */
  queryServices(names: readonly string[]): Promise<ServiceStatus[]>;
  /** The latest result of each update the PC knows of: installed, failed or pending. */
  queryPatchResults(): Promise<PatchResult[]>;
  queryPendingReboot(): Promise<PendingReboot>;
  /** Each path (e.g. `HKLM\Software\Microsoft\Rpc\Internet`) with whether it is present and its values. */
  queryRegistryKeys(paths: readonly string[]): Promise<Record<string, WatchedRegistryKey>>;
  /**
   * Calls `listener` when the PC may have changed, so that checks run now rather than at the next poll.
   * A host that cannot tell (polling is its only way) never calls it. Returns a function that unsubscribes.
   */
  watchChanges(listener: () => void): () => void;
}
