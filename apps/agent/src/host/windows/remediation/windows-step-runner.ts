/**
 * The remediation steps on a real PC: each runs its documented command (commands.ts) through the one process
 * wrapper and succeeds or fails by its exit code; what the command printed goes verbatim into the step's
 * output, and a failed service step says what the Service Control Manager reports for the service now.
 */
import { access } from 'node:fs/promises';
import type { Host } from '../../host';
import { folderBackupDir, registryBackupFile } from '../../../remediation/backups';
import {
  type ChangeStep,
  type StepContext,
  type StepOutcome,
  type StepRunner,
  failed,
  succeeded,
} from '../../../remediation/step-runner';
import { type CommandLine, displayCommand } from '../exec/command-line';
import { type CommandRunner, type ProcessResult, type RunContext } from '../exec/run-command';
import {
  type ServiceAction,
  emptyFolder,
  esentutlCheck,
  esentutlRepair,
  installUpdate,
  regDelete,
  regExport,
  regImport,
  robocopyBackup,
  robocopyRestore,
  serviceCommand,
} from './commands';
import { describeOperation, installSucceeded, parseUpdateInstallOutput } from './update-install-result';

/** ESE errors esentutl exits with that a report should name (values from ESE's jet.h). */
const JET_ERRORS: Readonly<Record<number, string>> = {
  [-1018]: 'JET_errReadVerifyFailure',
  [-1032]: 'JET_errFileAccessDenied',
  [-1206]: 'JET_errDatabaseCorrupted',
  [-1811]: 'JET_errFileNotFound',
};
/** An integrity check that ends with these found the database damaged: the check itself did its job. */
const CORRUPTION_FOUND = new Set([-1018, -1206]);

export interface WindowsStepRunnerOptions {
  /** Reads the services and updates after a step, to say what happened in locale-independent terms. */
  host: Host;
  runner: CommandRunner;
  runContext: () => Promise<RunContext>;
  env?: NodeJS.ProcessEnv;
}

interface Ran {
  result: ProcessResult;
  ok: boolean;
  /** The output lines worth keeping: stderr first, then stdout. */
  output: string[];
  /** `reg.exe exited with 1`, or that it timed out. */
  problem: string;
}

export class WindowsStepRunner implements StepRunner {
  private readonly env: NodeJS.ProcessEnv;

  constructor(private readonly options: WindowsStepRunnerOptions) {
    this.env = options.env ?? process.env;
  }

  async runStep(step: ChangeStep, context: StepContext): Promise<StepOutcome> {
    const { env } = this;
    switch (step.kind) {
      case 'service.stop':
        return this.service('stop', step.service);
      case 'service.start':
        return this.service('start', step.service);
      case 'service.restart':
        return this.service('restart', step.service);
      case 'registry.export': {
        const file = registryBackupFile(context.backupDir, step.backup);
        return this.simple(regExport(step.key, file, env), `exported ${step.key} to ${file}`);
      }
      case 'registry.delete':
        return this.simple(regDelete(step.key, env), `deleted ${step.key}`);
      case 'registry.import': {
        const file = registryBackupFile(context.backupDir, step.backup);
        if (!(await exists(file))) return failed(`the backup ${file} does not exist`);
        return this.simple(regImport(file, env), `imported ${file}`);
      }
      case 'esentutl.check':
        return this.integrityCheck(step.database);
      case 'esentutl.repair':
        return this.simple(esentutlRepair(step.database, env), `repaired ${step.database}`);
      case 'folder.backup': {
        const into = folderBackupDir(context.backupDir, step.backup);
        return this.simple(robocopyBackup(step.path, into, env), `copied ${step.path} to ${into}`);
      }
      case 'folder.empty':
        return this.simple(
          emptyFolder(step.path, env),
          `deleted everything inside ${step.path}; the folder is kept`,
        );
      case 'folder.restore': {
        const from = folderBackupDir(context.backupDir, step.backup);
        if (!(await exists(from))) return failed(`the backup ${from} does not exist`);
        return this.simple(robocopyRestore(from, step.path, env), `restored ${step.path} from ${from}`);
      }
      case 'update.install':
        return this.installUpdate(step.kb);
    }
  }

  private async service(action: ServiceAction, name: string): Promise<StepOutcome> {
    const ran = await this.run(serviceCommand(action, name, this.env));
    const [status] = await this.options.host.queryServices([name]).catch(() => []);
    if (status === undefined)
      return ran.ok
        ? succeeded(`${name}: ${action} done`, ran.output)
        : failed(`${name} did not ${action}: ${ran.problem}; it is not installed on this PC`, ran.output);
    const state = `${status.name} is ${status.state}`;
    if (ran.ok) return succeeded(state, ran.output);
    const startError =
      status.startError === null
        ? ''
        : `; its last start failed with ${status.startError}${
            status.startErrorOriginal === null ? '' : ` (${status.startErrorOriginal})`
          }`;
    return failed(`${status.name} did not ${action}: ${ran.problem}; ${state}${startError}`, ran.output);
  }

  private async integrityCheck(database: string): Promise<StepOutcome> {
    const ran = await this.run(esentutlCheck(database, this.env));
    if (ran.ok) return succeeded(`the integrity check found ${database} consistent`, ran.output);
    const code = signedExitCode(ran.result.exitCode);
    if (code !== null && CORRUPTION_FOUND.has(code))
      return succeeded(`the integrity check found ${database} damaged (${jetError(code)})`, ran.output);
    return failed(`the integrity check of ${database} could not run: ${ran.problem}`, ran.output);
  }

  private async installUpdate(kb: string): Promise<StepOutcome> {
    const ran = await this.run(installUpdate(kb, this.env));
    if (ran.result.timedOut) return failed(`installing ${kb}: ${ran.problem}`, ran.output);
    const parsed = parseUpdateInstallOutput(ran.result.stdout);
    switch (parsed?.kind) {
      case undefined:
        return failed(`installing ${kb}: ${ran.problem}, without the result it should print`, ran.output);
      case 'error':
        return failed(`installing ${kb} failed with ${parsed.hResult}: ${parsed.message}`, ran.output);
      case 'not-found': {
        const installed = (await this.options.host.queryPatchResults().catch(() => [])).some(
          (patch) => patch.kb.toUpperCase() === kb.toUpperCase() && patch.status === 'installed',
        );
        return installed
          ? succeeded(`${kb} is already installed`)
          : failed(`Windows Update does not offer ${kb} to this PC (no such update is waiting to install)`);
      }
      case 'download-failed':
        return failed(`downloading ${kb} failed: result ${describeOperation(parsed.download)}`);
      case 'installed': {
        const worst = parsed.updates.find((update) => update.resultCode !== 2) ?? parsed.install;
        if (!installSucceeded(parsed))
          return failed(`${kb} failed to install: result ${describeOperation(worst)}`);
        return succeeded(
          `${kb} installed (result ${describeOperation(parsed.install)})${
            parsed.install.rebootRequired ? '; Windows asks for a restart to finish' : ''
          }`,
        );
      }
    }
  }

  private async simple(command: CommandLine, done: string): Promise<StepOutcome> {
    const ran = await this.run(command);
    return ran.ok ? succeeded(done, ran.output) : failed(ran.problem, ran.output);
  }

  private async run(command: CommandLine): Promise<Ran> {
    const result = await this.options.runner(command, await this.options.runContext());
    const output = [result.stderr, result.stdout]
      .flatMap((text) => text.split(/\r?\n/))
      .filter((line) => line.trim() !== '');
    const exe = command.file.split('\\').pop() ?? command.file;
    if (result.timedOut) {
      return {
        result,
        ok: false,
        output,
        problem: `${exe} did not finish within ${Math.round(command.timeoutMs / 1000)} s`,
      };
    }
    const code = signedExitCode(result.exitCode);
    const ok = result.exitCode !== null && command.okExitCodes.includes(result.exitCode);
    const named = code !== null && exe.toLowerCase() === 'esentutl.exe' ? ` (${jetError(code)})` : '';
    return {
      result,
      ok,
      output,
      problem: `${displayCommand({ file: exe, args: [] })} exited with ${code ?? 'no code'}${named}`,
    };
  }
}

/** Windows exit codes are 32-bit: esentutl's -1206 may arrive as 4294966090. */
function signedExitCode(exitCode: number | null): number | null {
  if (exitCode === null) return null;
  return exitCode > 0x7fffffff ? exitCode - 0x1_0000_0000 : exitCode;
}

function jetError(code: number): string {
  const name = JET_ERRORS[code];
  return name === undefined ? `JET error ${code}` : `${name}, ${code}`;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
