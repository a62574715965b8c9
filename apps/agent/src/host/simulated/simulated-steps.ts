/**
 * Remediation steps on the simulated PC: each changes the PC's state the way the Windows command would, with
 * the causes of the field cases wired in, so that a simulated fix works (or fails) for the same reasons a
 * real one does:
 * - case A: while `HKLM\Software\Microsoft\Rpc\Internet` restricts RPC ports, the Print Spooler fails to
 *   start with Win32 error 87 (0x80070057); once the key is gone it starts;
 * - case B: while the catalog database (catroot2\{F750E6C3-…}\catdb) is corrupt, installing an update fails
 *   with 0x8e5e03fa; `esentutl.repair` fixes it, and so does emptying catroot2 (CryptSvc rebuilds it when it
 *   starts);
 * - a folder or database in use by a running service (catroot2 by CryptSvc, SoftwareDistribution by wuauserv
 *   and BITS) cannot be emptied, restored or opened by esentutl, as on Windows: the playbooks stop them first.
 * Backups are real files under the job's backup directory: a registry export is a .reg file (UTF-16 LE, as
 * reg.exe writes it, read back with the agent's .reg parser), a folder copy is a folder of the same files.
 */
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { RPC_INTERNET_KEY } from '../../checks/watch-list';
import { folderBackupDir, registryBackupFile } from '../../remediation/backups';
import {
  type ChangeStep,
  type StepContext,
  type StepOutcome,
  failed,
  stepTarget,
  succeeded,
} from '../../remediation/step-runner';
import { describeError } from '../../logging/logger';
import { parseRegFile } from '../windows/parsers';
import type { FailPatchOptions, SimulatedHost } from './simulated-host';

export const CATROOT2 = '%SystemRoot%\\System32\\catroot2';
export const SOFTWARE_DISTRIBUTION = '%SystemRoot%\\SoftwareDistribution';
/** catdb inside catroot2; its content is `consistent` or `corrupt`. */
export const CATALOG_DATABASE_FILE = '{F750E6C3-38EE-11D1-85E5-00C04FC295EE}\\catdb';
/** What installing an update reports while the catalog database is corrupt (JET_errReadVerifyFailure). */
export const CORRUPT_CATALOG_INSTALL_ERROR = '0x8e5e03fa';
/** ERROR_INVALID_PARAMETER: the spooler's start error while RPC is restricted (case A). */
const RPC_RESTRICTED_START_ERROR = 87;

/** Which running services keep a folder's files open. */
const FOLDER_USERS: readonly { path: string; services: readonly string[] }[] = [
  { path: CATROOT2, services: ['CryptSvc'] },
  { path: SOFTWARE_DISTRIBUTION, services: ['wuauserv', 'BITS'] },
];

/** The folders a fresh PC has, with a few of the files Windows keeps there. */
export function initialFolders(): [path: string, files: Map<string, string>][] {
  return [
    [
      CATROOT2,
      new Map([
        [CATALOG_DATABASE_FILE, 'consistent'],
        ['{F750E6C3-38EE-11D1-85E5-00C04FC295EE}\\catdb.log', 'log'],
        ['{127D0A1D-4EF2-11D1-8608-00C04FC295EE}\\catdb', 'consistent'],
      ]),
    ],
    [
      SOFTWARE_DISTRIBUTION,
      new Map([
        ['DataStore\\DataStore.edb', 'consistent'],
        ['Download\\SharedFileCache\\manifest', 'cache'],
      ]),
    ],
  ];
}

export interface InjectStepFailureOptions {
  /** Only steps on this target (service, key, path, database, KB or backup name; case ignored). */
  target?: string;
  /** The step's failure message. */
  message?: string;
  /** How many runs fail; every run when omitted. */
  times?: number;
}

/** One step as it ran on the simulated PC. */
export interface StepRun {
  kind: ChangeStep['kind'];
  target: string;
  ok: boolean;
  message: string;
  /** True when an injected failure made it fail. */
  injected: boolean;
}

interface Injection {
  kind: ChangeStep['kind'];
  target: string | null;
  message: string;
  remaining: number;
}

export class SimulatedSteps {
  readonly log: StepRun[] = [];
  private injections: Injection[] = [];

  constructor(private readonly pc: SimulatedHost) {}

  inject(kind: ChangeStep['kind'], options: InjectStepFailureOptions): void {
    this.injections.push({
      kind,
      target: options.target?.toLowerCase() ?? null,
      message: options.message ?? `${kind} failed (injected failure)`,
      remaining: options.times ?? Number.POSITIVE_INFINITY,
    });
  }

  clearInjected(): void {
    this.injections = [];
  }

  async run(step: ChangeStep, context: StepContext): Promise<StepOutcome> {
    const target = stepTarget(step);
    const injected = this.takeInjection(step, target);
    let outcome: StepOutcome;
    if (injected !== null) outcome = failed(injected);
    else {
      try {
        outcome = await this.perform(step, context);
      } catch (error) {
        outcome = failed(describeError(error));
      }
    }
    this.log.push({
      kind: step.kind,
      target,
      ok: outcome.ok,
      message: outcome.message,
      injected: injected !== null,
    });
    return outcome;
  }

  private takeInjection(step: ChangeStep, target: string): string | null {
    const lowerTarget = target.toLowerCase();
    const backup = 'backup' in step ? step.backup.toLowerCase() : null;
    const found = this.injections.find(
      (injection) =>
        injection.kind === step.kind &&
        injection.remaining > 0 &&
        (injection.target === null || injection.target === lowerTarget || injection.target === backup),
    );
    if (found === undefined) return null;
    found.remaining -= 1;
    return found.message;
  }

  private async perform(step: ChangeStep, context: StepContext): Promise<StepOutcome> {
    const pc = this.pc;
    switch (step.kind) {
      case 'service.stop':
        return this.stopService(step.service);
      case 'service.start':
        return this.startService(step.service);
      case 'service.restart': {
        const stopped = this.stopService(step.service);
        return stopped.ok ? this.startService(step.service) : stopped;
      }
      case 'registry.export': {
        const values = pc.registryValues(step.key);
        if (values === null) return failed(`${step.key} is not present: there is nothing to export`);
        const file = registryBackupFile(context.backupDir, step.backup);
        await writeFile(file, regFile(step.key, values));
        return succeeded(`exported ${step.key} (${Object.keys(values).length} values) to ${file}`);
      }
      case 'registry.delete':
        if (pc.registryValues(step.key) === null) return failed(`${step.key} is not present`);
        pc.setRegistryKey(step.key, null);
        return succeeded(`deleted ${step.key}`);
      case 'registry.import':
        return this.importRegistry(registryBackupFile(context.backupDir, step.backup));
      case 'esentutl.check':
      case 'esentutl.repair':
        return this.esentutl(step);
      case 'folder.backup': {
        const files = pc.folderFiles(step.path);
        if (files === null) return failed(`${step.path} does not exist`);
        const into = folderBackupDir(context.backupDir, step.backup);
        await writeFolder(into, files);
        return succeeded(`copied ${files.size} files of ${step.path} to ${into}`);
      }
      case 'folder.empty': {
        const files = pc.folderFiles(step.path);
        if (files === null) return failed(`${step.path} does not exist`);
        const user = this.runningUserOf(step.path);
        if (user !== null) return failed(`${step.path} has files in use by ${user}, which is running`);
        pc.setFolderFiles(step.path, new Map());
        return succeeded(`deleted the ${files.size} files inside ${step.path}; the folder is kept`);
      }
      case 'folder.restore': {
        const from = folderBackupDir(context.backupDir, step.backup);
        const user = this.runningUserOf(step.path);
        if (user !== null) return failed(`${step.path} has files in use by ${user}, which is running`);
        const files = await readFolder(from);
        pc.setFolderFiles(step.path, files);
        return succeeded(`restored ${files.size} files of ${step.path} from ${from}`);
      }
      case 'update.install':
        return this.installUpdate(step.kb);
    }
  }

  private stopService(name: string): StepOutcome {
    const service = this.pc.serviceStatus(name);
    if (service === undefined) return failed(`no service named ${name} (0x80070424)`);
    this.pc.stopService(name);
    return succeeded(`${service.name} is STOPPED`);
  }

  private startService(name: string): StepOutcome {
    const service = this.pc.serviceStatus(name);
    if (service === undefined) return failed(`no service named ${name} (0x80070424)`);
    if (service.name === 'Spooler' && rpcPortsRestricted(this.pc)) {
      this.pc.failServiceStart('Spooler', RPC_RESTRICTED_START_ERROR);
      return failed(
        `Spooler did not start: the Service Control Manager reports start error 0x80070057 (${RPC_RESTRICTED_START_ERROR})`,
      );
    }
    if (service.name === 'CryptSvc') {
      // CryptSvc makes a fresh catalog database when catroot2 has none: how emptying catroot2 rebuilds it.
      const catroot2 = new Map(this.pc.folderFiles(CATROOT2) ?? []);
      if (!catroot2.has(CATALOG_DATABASE_FILE)) {
        catroot2.set(CATALOG_DATABASE_FILE, 'consistent');
        this.pc.setFolderFiles(CATROOT2, catroot2);
      }
    }
    this.pc.startService(name);
    return succeeded(`${service.name} is RUNNING`);
  }

  private async importRegistry(file: string): Promise<StepOutcome> {
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch {
      return failed(`the backup ${file} does not exist`);
    }
    const { records } = parseRegFile(decodeRegFile(bytes));
    if (records.length === 0) return failed(`${file} holds no registry key`);
    for (const record of records) {
      const key = record.path.replace(/^HKEY_LOCAL_MACHINE\\/i, 'HKLM\\');
      if (record.deleted) this.pc.setRegistryKey(key, null);
      else {
        const values: Record<string, string> = {};
        for (const value of record.values)
          values[value.name] = typeof value.value === 'string' ? value.value : value.raw;
        this.pc.setRegistryKey(key, values);
      }
    }
    return succeeded(`imported ${records.length} key${records.length === 1 ? '' : 's'} from ${file}`);
  }

  private esentutl(step: Extract<ChangeStep, { kind: 'esentutl.check' | 'esentutl.repair' }>): StepOutcome {
    const location = this.databaseLocation(step.database);
    if (location === null) return failed(`${step.database} does not exist`);
    const user = this.runningUserOf(location.folder);
    if (user !== null)
      return failed(
        `${step.database} is in use by ${user}, which is running (JET_errFileAccessDenied, -1032)`,
      );
    if (step.kind === 'esentutl.check') {
      return succeeded(
        location.state === 'corrupt'
          ? `the integrity check found ${step.database} corrupt (JET_errDatabaseCorrupted, -1206)`
          : `the integrity check found ${step.database} consistent`,
      );
    }
    const files = new Map(this.pc.folderFiles(location.folder) ?? []);
    files.set(location.file, 'consistent');
    this.pc.setFolderFiles(location.folder, files);
    return succeeded(`repaired ${step.database}`);
  }

  private installUpdate(kb: string): StepOutcome {
    if (this.pc.isInstalled(kb)) return succeeded(`${kb} is already installed`);
    if (this.pc.catalogDatabaseCorrupt) {
      const earlier = this.pc.patchFailure(kb);
      const options: FailPatchOptions = {};
      if (earlier !== undefined) options.title = earlier.title;
      if (earlier?.package) options.package = earlier.package;
      this.pc.failPatch(kb, CORRUPT_CATALOG_INSTALL_ERROR, earlier?.evidence ?? [], options);
      return failed(
        `${kb} failed to install with ${CORRUPT_CATALOG_INSTALL_ERROR} (JET_errReadVerifyFailure)`,
      );
    }
    this.pc.installKb(kb, { requiresRestart: true });
    return succeeded(`${kb} installed; Windows asks for a restart to finish`);
  }

  private databaseLocation(database: string): { folder: string; file: string; state: string } | null {
    for (const folder of [CATROOT2, SOFTWARE_DISTRIBUTION]) {
      const prefix = `${folder.toLowerCase()}\\`;
      if (!database.toLowerCase().startsWith(prefix)) continue;
      const file = database.slice(prefix.length);
      const files = this.pc.folderFiles(folder);
      const name = [...(files?.keys() ?? [])].find((entry) => entry.toLowerCase() === file.toLowerCase());
      const state = name === undefined ? undefined : files?.get(name);
      return name === undefined || state === undefined ? null : { folder, file: name, state };
    }
    return null;
  }

  private runningUserOf(path: string): string | null {
    const users = FOLDER_USERS.find((entry) => entry.path.toLowerCase() === path.toLowerCase());
    const running = users?.services.find((name) => this.pc.serviceStatus(name)?.state === 'RUNNING');
    return running ?? null;
  }
}

/** Case A's cause: the key restricts RPC to a port range. */
function rpcPortsRestricted(pc: SimulatedHost): boolean {
  const values = pc.registryValues(RPC_INTERNET_KEY);
  return values !== null && Object.keys(values).some((name) => name.toLowerCase() === 'ports');
}

/** A .reg export as reg.exe writes one: version 5 header, UTF-16 LE with a byte order mark. */
function regFile(key: string, values: Readonly<Record<string, string>>): Buffer {
  const escape = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const lines = [
    'Windows Registry Editor Version 5.00',
    '',
    `[${key.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\')}]`,
    ...Object.entries(values).map(([name, value]) => `"${escape(name)}"="${escape(value)}"`),
    '',
  ];
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines.join('\r\n'), 'utf16le')]);
}

function decodeRegFile(bytes: Buffer): string {
  return bytes[0] === 0xff && bytes[1] === 0xfe
    ? bytes.subarray(2).toString('utf16le')
    : bytes.toString('utf8');
}

async function writeFolder(into: string, files: ReadonlyMap<string, string>): Promise<void> {
  await rm(into, { recursive: true, force: true });
  await mkdir(into, { recursive: true });
  for (const [name, content] of files) {
    const path = join(into, ...name.split('\\'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}

async function readFolder(from: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const entries = await readdir(from, { recursive: true, withFileTypes: true }).catch(() => {
    throw new Error(`the backup ${from} does not exist`);
  });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(from, path).split(sep).join('\\'), await readFile(path, 'utf8'));
  }
  return files;
}
