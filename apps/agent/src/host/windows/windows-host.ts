/**
 * The real PC: the Host port over PowerShell/CIM, sc.exe, wevtutil, reg.exe and CBS.log, through one
 * process wrapper. Windows only; everything it reads is parsed by the pure parsers in `parsers/`, which are
 * tested on real captured output.
 */
import type { HostFacts, WatchedRegistryKey } from '@fleetmedic/protocol';
import type { Host, PatchResult, PendingReboot, ServiceStatus } from '../host';
import { hostFactsQuery } from './commands/facts';
import { CbsLogTail, defaultCbsLogPath } from './cbs-log-tail';
import { type CommandRunner, type RunContext, runChecked, runCommand } from './exec/run-command';
import { PatchHistory } from './patch-history';
import { InstalledUpdates, mergeUpdateResults, readUpdateEvents } from './patch-reader';
import { readPendingReboot, readRegistryKeys } from './registry-reader';
import { WindowsStepRunner } from './remediation/windows-step-runner';
import { readRunContext } from './run-context';
import { readServices } from './service-reader';
import { parseOsFacts } from './windows-facts';

export interface WindowsHostOptions {
  /** Where the host keeps what it must remember between runs (CBS.log position, update history). */
  stateDir: string;
  agentVersion: string;
  /** Registry keys reported in the host facts (the known-issue catalog's watch list). */
  watchedRegistryKeys: readonly string[];
  tags?: readonly string[];
  site?: string | null;
  cbsLogPath?: string;
  runner?: CommandRunner;
  /** Called with the reason when CIM fails and sc.exe answers instead. */
  onFallback?: (reason: string) => void;
}

export class WindowsHost implements Host {
  private readonly runner: CommandRunner;
  private context: Promise<RunContext> | null = null;
  private readonly installedUpdates: InstalledUpdates;
  private readonly cbsLog: CbsLogTail;
  private readonly patchHistory: PatchHistory;

  constructor(private readonly options: WindowsHostOptions) {
    this.runner = options.runner ?? runCommand;
    this.installedUpdates = new InstalledUpdates(this.runner);
    this.cbsLog = new CbsLogTail(options.cbsLogPath ?? defaultCbsLogPath(), options.stateDir);
    this.patchHistory = new PatchHistory(options.stateDir);
  }

  /** The machine's identity for enrollment (Windows' MachineGuid), when it can be read. */
  async machineId(): Promise<string | null> {
    return (await this.readOsFacts()).machineGuid;
  }

  async readFacts(): Promise<HostFacts> {
    const context = await this.runContext();
    const [os, installed, watched, reboot] = await Promise.all([
      this.readOsFacts(),
      this.installedUpdates.read(context),
      this.queryRegistryKeys(this.options.watchedRegistryKeys),
      this.queryPendingReboot(),
    ]);
    return {
      hostname: os.hostname,
      osCaption: os.osCaption,
      osVersion: os.osVersion,
      osBuild: os.osBuild,
      edition: os.edition,
      architecture: os.architecture,
      domain: os.domain,
      installedKbs: [...installed].filter((kb) => /^KB\d{6,8}$/.test(kb)).sort(),
      agentVersion: this.options.agentVersion,
      tags: [...(this.options.tags ?? [])],
      site: this.options.site ?? null,
      watchedRegistryKeys: watched,
      pendingReboot: reboot.pending,
      lastBootAt: os.lastBootAt,
    };
  }

  async queryServices(names: readonly string[]): Promise<ServiceStatus[]> {
    const { services, fallbackReason } = await readServices(this.runner, await this.runContext(), names);
    if (fallbackReason !== null) this.options.onFallback?.(fallbackReason);
    return services;
  }

  async queryPatchResults(): Promise<PatchResult[]> {
    const context = await this.runContext();
    const [events, cbsFailures] = await Promise.all([
      readUpdateEvents(this.runner, context),
      this.cbsLog.readNewFailures(),
    ]);
    if (events.some((event) => event.result === 'installed')) this.installedUpdates.invalidate();
    const installed = await this.installedUpdates.read(context);
    return this.patchHistory.update(mergeUpdateResults(events, cbsFailures, installed), installed);
  }

  async queryPendingReboot(): Promise<PendingReboot> {
    return readPendingReboot(this.runner, await this.runContext());
  }

  async queryRegistryKeys(paths: readonly string[]): Promise<Record<string, WatchedRegistryKey>> {
    return readRegistryKeys(this.runner, await this.runContext(), paths);
  }

  /** The remediation steps on this PC, through the same process wrapper and code page as the reads. */
  remediationSteps(): WindowsStepRunner {
    return new WindowsStepRunner({ host: this, runner: this.runner, runContext: () => this.runContext() });
  }

  /** Windows tells the agent nothing by itself here: the checks poll. */
  watchChanges(): () => void {
    return () => undefined;
  }

  private async readOsFacts() {
    const result = await runChecked(this.runner, hostFactsQuery(), await this.runContext());
    return parseOsFacts(result.stdout);
  }

  private runContext(): Promise<RunContext> {
    this.context ??= readRunContext(this.runner).catch((error: unknown) => {
      this.context = null; // try again at the next probe
      throw error;
    });
    return this.context;
  }
}
