/**
 * An in-memory Windows PC behind the Host port, for the demo, tests and benchmarks. Faults of the field
 * cases are injected through its mutations (a service that will not start, a failed update, a registry key
 * that appeared); every mutation notifies `watchChanges` listeners so that checks see it at once.
 *
 * It also runs remediation steps (the StepRunner port, `runStep`), changing its state for real so that
 * verification reads the result (simulated-steps.ts): the Rpc\Internet port restriction keeps the spooler
 * from starting with error 87 (case A); a corrupt catalog database makes an update fail with 0x8e5e03fa until
 * esentutl repairs it or catroot2 is emptied and rebuilt (case B); backups are written under the job's backup
 * directory and read back on undo. Tests make steps fail on purpose:
 *
 * - `injectStepFailure(kind, { target?, message?, times? })`: the next `times` runs (every run when omitted)
 *   of that step kind, for that target only when given (a service, key, path, database, KB or backup name,
 *   ignoring case), fail with `message` and change nothing; `clearStepFailures()` removes them all.
 * - `stepsRun`: every step run on this PC, in order, with its outcome; empty means the PC was not touched.
 */
import type { HostFacts, WatchedRegistryKey } from '@fleetmedic/protocol';
import { normalizeCode } from '@fleetmedic/knowledge/normalize';
import { DEFAULT_WATCHED_REGISTRY_KEYS } from '../../checks/watch-list';
import { AGENT_VERSION } from '../../version';
import type { Host, PatchResult, PendingReboot, ServiceStatus } from '../host';
import type { ChangeStep, StepContext, StepOutcome, StepRunner } from '../../remediation/step-runner';
import { type PcProfile, SIMULATED_SERVICES, createPcProfile } from './pc-profile';
import {
  CATALOG_DATABASE_FILE,
  CATROOT2,
  type InjectStepFailureOptions,
  SimulatedSteps,
  type StepRun,
  initialFolders,
} from './simulated-steps';

/** Win32 ERROR_SERVICE_SPECIFIC_ERROR: the real code is in serviceSpecificExitCode. */
const ERROR_SERVICE_SPECIFIC_ERROR = 1066;
/** Win32 ERROR_SERVICE_NEVER_STARTED: what a trigger-start service that has not run yet reports. */
const ERROR_SERVICE_NEVER_STARTED = 1077;
const FACILITY_WIN32_PREFIX = 0x80070000;
const KB_PATTERN = /^KB\d{6,8}$/;
const PACKAGE_PATTERN = /Package_\w+?_for_KB\d+~[^\s\]]*/;

/** The probes a test can make fail, as a broken PowerShell or a denied WMI query would. */
export type SimulatedProbe = 'facts' | 'services' | 'patches' | 'pendingReboot' | 'registry';

export interface SimulatedHostOptions {
  /** The fleet's seed; with `index`, it decides everything about the PC. Default 1. */
  seed?: number;
  /** The PC's number in its fleet, from 0; its hostname is `SIM-PC-<index+1>`. Default 0. */
  index?: number;
  /** Registry keys reported in the facts. Default: the agent's watch list. */
  watchedRegistryKeys?: readonly string[];
  /** Time of mutations (update results); injectable for tests. */
  now?: () => Date;
}

export interface InstallKbOptions {
  title?: string;
  /** Installing asks for a restart, as cumulative updates do. */
  requiresRestart?: boolean;
}

export interface FailPatchOptions {
  title?: string;
  /** The servicing package that failed; found in the evidence lines when not given. */
  package?: string;
  /** When the failure was recorded, as the source shows it (CBS.log prints local time); now when not given. */
  at?: string;
}

interface InstalledKb {
  title: string;
  at: string | null;
}

export class SimulatedHost implements Host, StepRunner {
  readonly hostname: string;
  readonly machineId: string;

  private readonly profile: PcProfile;
  private readonly watchedRegistryKeys: readonly string[];
  private readonly now: () => Date;
  private readonly services = new Map<string, ServiceStatus>();
  private readonly installedKbs = new Map<string, InstalledKb>();
  private readonly failedPatches = new Map<string, PatchResult>();
  /** Keyed by lower-cased path: the registry ignores case. */
  private readonly registryKeys = new Map<string, Record<string, string>>();
  private pendingReboot: PendingReboot = { pending: false, reasons: [] };
  /** Folders the steps work on, by lower-cased path (`%SystemRoot%\…`): relative file name → content. */
  private readonly folders = new Map<string, Map<string, string>>();
  private readonly steps: SimulatedSteps;
  private readonly brokenProbes = new Map<SimulatedProbe, string>();
  private readonly changeListeners = new Set<() => void>();
  /** Each start gets a fresh process id, as on Windows. */
  private starts = 0;

  constructor(options: SimulatedHostOptions = {}) {
    this.profile = createPcProfile(options.seed ?? 1, options.index ?? 0);
    this.hostname = this.profile.hostname;
    this.machineId = this.profile.machineId;
    this.watchedRegistryKeys = options.watchedRegistryKeys ?? DEFAULT_WATCHED_REGISTRY_KEYS;
    this.now = options.now ?? (() => new Date());
    for (const service of SIMULATED_SERVICES) {
      const running = service.state === 'RUNNING';
      this.services.set(service.name.toLowerCase(), {
        name: service.name,
        displayName: service.displayName,
        state: service.state,
        startType: service.startType,
        win32ExitCode: running ? 0 : ERROR_SERVICE_NEVER_STARTED,
        serviceSpecificExitCode: 0,
        pid: running ? (this.profile.pids[service.name] ?? null) : null,
        startError: null,
        startErrorOriginal: null,
        evidence: [],
      });
    }
    for (const { kb, title } of this.profile.installedKbs) this.installedKbs.set(kb, { title, at: null });
    for (const [path, files] of initialFolders()) this.folders.set(path.toLowerCase(), files);
    this.steps = new SimulatedSteps(this);
  }

  // ---- the Host port ----

  async readFacts(): Promise<HostFacts> {
    this.throwIfBroken('facts');
    const p = this.profile;
    return {
      hostname: p.hostname,
      osCaption: p.osCaption,
      osVersion: p.osVersion,
      osBuild: p.osBuild,
      edition: p.edition,
      architecture: p.architecture,
      domain: p.domain,
      installedKbs: [...this.installedKbs.keys()].sort(),
      agentVersion: AGENT_VERSION,
      tags: [...p.tags],
      site: p.site,
      watchedRegistryKeys: this.readRegistryKeys(this.watchedRegistryKeys),
      pendingReboot: this.pendingReboot.pending,
      lastBootAt: p.lastBootAt,
    };
  }

  async queryServices(names: readonly string[]): Promise<ServiceStatus[]> {
    this.throwIfBroken('services');
    const found: ServiceStatus[] = [];
    for (const name of names) {
      const service = this.services.get(name.toLowerCase());
      if (service !== undefined) found.push({ ...service, evidence: [...service.evidence] });
    }
    return found;
  }

  async queryPatchResults(): Promise<PatchResult[]> {
    this.throwIfBroken('patches');
    const results: PatchResult[] = [];
    for (const [kb, installed] of this.installedKbs) {
      results.push({
        kb,
        title: installed.title,
        status: 'installed',
        code: null,
        codeOriginal: null,
        package: null,
        evidence: [],
        at: installed.at,
      });
    }
    for (const failure of this.failedPatches.values()) {
      results.push({ ...failure, evidence: [...failure.evidence] });
    }
    return results;
  }

  async queryPendingReboot(): Promise<PendingReboot> {
    this.throwIfBroken('pendingReboot');
    return { pending: this.pendingReboot.pending, reasons: [...this.pendingReboot.reasons] };
  }

  async queryRegistryKeys(paths: readonly string[]): Promise<Record<string, WatchedRegistryKey>> {
    this.throwIfBroken('registry');
    return this.readRegistryKeys(paths);
  }

  watchChanges(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /**
   * Whether CryptSvc's catalog database (catroot2\{F750E6C3-…}\catdb) is corrupt, as in case B. The simulator's
   * ground truth, never reported in the facts: Windows tells it only to `esentutl /g`, which needs CryptSvc
   * stopped, so no probe may ask. What the agent sees is its consequence, an update failing with 0x8e5e03fa.
   */
  get catalogDatabaseCorrupt(): boolean {
    return this.folderFiles(CATROOT2)?.get(CATALOG_DATABASE_FILE) === 'corrupt';
  }

  // ---- remediation steps (StepRunner) ----

  runStep(step: ChangeStep, context: StepContext): Promise<StepOutcome> {
    return this.steps.run(step, context);
  }

  /** From now on the step fails (see the class comment); nothing of the PC changes when it does. */
  injectStepFailure(kind: ChangeStep['kind'], options: InjectStepFailureOptions = {}): void {
    this.steps.inject(kind, options);
  }

  clearStepFailures(): void {
    this.steps.clearInjected();
  }

  /** Every step run on this PC, in order: empty means no job has touched it. */
  get stepsRun(): readonly StepRun[] {
    return this.steps.log;
  }

  // ---- faults and fixes ----

  /**
   * The service tried to start and failed with `code` (HRESULT `0x80070057`, or a Win32 error such as 1060).
   * A Win32-facility code shows as the service's win32ExitCode; any other as 1066 with a service-specific code.
   * `evidence`: the Service Control Manager lines that go with it, if the scenario has them.
   */
  failServiceStart(name: string, code: string | number, evidence: readonly string[] = []): void {
    const service = this.service(name);
    const normalized = normalizeCode(code);
    const value = parseInt(normalized.code.slice(2), 16);
    const isWin32 = (value & 0xffff0000) >>> 0 === FACILITY_WIN32_PREFIX;
    Object.assign(service, {
      state: 'STOPPED',
      pid: null,
      win32ExitCode: isWin32 ? value & 0xffff : ERROR_SERVICE_SPECIFIC_ERROR,
      serviceSpecificExitCode: isWin32 ? 0 : value,
      startError: normalized.code,
      // As Windows shows it: the exit code in decimal for a Win32 error, the value itself otherwise.
      startErrorOriginal: isWin32 ? String(value & 0xffff) : normalized.original,
      evidence: [...evidence],
    } satisfies Partial<ServiceStatus>);
    this.notifyChange();
  }

  startService(name: string): void {
    const service = this.service(name);
    Object.assign(service, {
      state: 'RUNNING',
      pid: (this.profile.pids[service.name] ?? 4) + 4 * ++this.starts,
      win32ExitCode: 0,
      serviceSpecificExitCode: 0,
      startError: null,
      startErrorOriginal: null,
      evidence: [],
    } satisfies Partial<ServiceStatus>);
    this.notifyChange();
  }

  stopService(name: string): void {
    const service = this.service(name);
    Object.assign(service, {
      state: 'STOPPED',
      pid: null,
      win32ExitCode: 0,
      serviceSpecificExitCode: 0,
    } satisfies Partial<ServiceStatus>);
    this.notifyChange();
  }

  /** Creates or replaces the key with `values`; `null` deletes it. */
  setRegistryKey(path: string, values: Record<string, string> | null): void {
    if (values === null) this.registryKeys.delete(path.toLowerCase());
    else this.registryKeys.set(path.toLowerCase(), { ...values });
    this.notifyChange();
  }

  /** The update installs (and a failure recorded for it is cleared). */
  installKb(kb: string, options: InstallKbOptions = {}): void {
    assertKb(kb);
    const failure = this.failedPatches.get(kb);
    this.failedPatches.delete(kb);
    this.installedKbs.set(kb, {
      title: options.title ?? failure?.title ?? `Update ${kb}`,
      at: this.now().toISOString(),
    });
    if (options.requiresRestart === true) this.addPendingRebootReason('Windows Update');
    this.notifyChange();
  }

  /** Installing the update failed with `code`, shown by `evidence` (e.g. the CBS.log lines of case B). */
  failPatch(
    kb: string,
    code: string | number,
    evidence: readonly string[],
    options: FailPatchOptions = {},
  ): void {
    assertKb(kb);
    const normalized = normalizeCode(code);
    this.failedPatches.set(kb, {
      kb,
      title: options.title ?? `Update ${kb}`,
      status: 'failed',
      code: normalized.code,
      codeOriginal: normalized.original,
      package: options.package ?? findPackage(evidence),
      evidence: [...evidence],
      at: options.at ?? this.now().toISOString(),
    });
    this.notifyChange();
  }

  /** Corrupts or repairs the catalog database; nothing the agent probes changes (see catalogDatabaseCorrupt). */
  setCatalogDatabaseCorrupt(corrupt: boolean): void {
    const files = new Map(this.folderFiles(CATROOT2) ?? []);
    files.set(CATALOG_DATABASE_FILE, corrupt ? 'corrupt' : 'consistent');
    this.folders.set(CATROOT2.toLowerCase(), files);
  }

  /** The service as the Service Control Manager knows it, or undefined when it is not installed. */
  serviceStatus(name: string): Readonly<ServiceStatus> | undefined {
    return this.services.get(name.toLowerCase());
  }

  /** The key's values, or null when it is not present. */
  registryValues(path: string): Readonly<Record<string, string>> | null {
    return this.registryKeys.get(path.toLowerCase()) ?? null;
  }

  /** The files of a folder the remediation steps know (`%SystemRoot%\System32\catroot2`…), or null. */
  folderFiles(path: string): ReadonlyMap<string, string> | null {
    return this.folders.get(path.toLowerCase()) ?? null;
  }

  /** Replaces the folder's files (an empty map keeps the folder, empty). */
  setFolderFiles(path: string, files: ReadonlyMap<string, string>): void {
    this.folders.set(path.toLowerCase(), new Map(files));
  }

  isInstalled(kb: string): boolean {
    return this.installedKbs.has(kb.toUpperCase());
  }

  /** The recorded failure of an update, if it failed and is not installed since. */
  patchFailure(kb: string): Readonly<PatchResult> | undefined {
    return this.failedPatches.get(kb.toUpperCase());
  }

  setPendingReboot(pending: boolean, reasons: readonly string[] = pending ? ['Windows Update'] : []): void {
    this.pendingReboot = { pending, reasons: pending ? [...reasons] : [] };
    this.notifyChange();
  }

  /** From now on `probe` rejects with `reason`, as a broken WMI would; `null` repairs it. */
  failProbe(probe: SimulatedProbe, reason: string | null): void {
    if (reason === null) this.brokenProbes.delete(probe);
    else this.brokenProbes.set(probe, reason);
    this.notifyChange();
  }

  // ---- internals ----

  private service(name: string): ServiceStatus {
    const service = this.services.get(name.toLowerCase());
    if (service === undefined) throw new Error(`${this.hostname} has no service named "${name}"`);
    return service;
  }

  private readRegistryKeys(paths: readonly string[]): Record<string, WatchedRegistryKey> {
    const keys: Record<string, WatchedRegistryKey> = {};
    for (const path of paths) {
      const values = this.registryKeys.get(path.toLowerCase());
      keys[path] = values === undefined ? { present: false } : { present: true, values: { ...values } };
    }
    return keys;
  }

  private addPendingRebootReason(reason: string): void {
    const reasons = new Set([...this.pendingReboot.reasons, reason]);
    this.pendingReboot = { pending: true, reasons: [...reasons] };
  }

  private throwIfBroken(probe: SimulatedProbe): void {
    const reason = this.brokenProbes.get(probe);
    if (reason !== undefined) throw new Error(reason);
  }

  private notifyChange(): void {
    for (const listener of this.changeListeners) listener();
  }
}

function assertKb(kb: string): void {
  if (!KB_PATTERN.test(kb)) throw new Error(`"${kb}" is not a KB number such as KB5005030`);
}

function findPackage(evidence: readonly string[]): string | null {
  for (const line of evidence) {
    const match = PACKAGE_PATTERN.exec(line);
    if (match !== null) return match[0];
  }
  return null;
}
