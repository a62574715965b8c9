/**
 * The Windows steps decide by exit codes and by the numbers the update script prints, never by text: a
 * fake process runner answers with the exit codes the tools document. Its output is a placeholder (not a
 * capture of Windows): the runner keeps it verbatim and never reads it. The update script's JSON is the
 * script's own format (commands.ts), with the documented OperationResultCode values and real HRESULTs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Host, ServiceStatus } from '../../host';
import { SimulatedHost } from '../../simulated/simulated-host';
import type { CommandLine } from '../exec/command-line';
import type { ProcessResult } from '../exec/run-command';
import { WindowsStepRunner } from './windows-step-runner';

const env = { SystemRoot: 'C:\\Windows' };
const NOT_READ = 'text in the language of the PC, kept verbatim and never read';
const CATDB = '%SystemRoot%\\System32\\catroot2\\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}\\catdb';

function answer(exitCode: number | null, stdout = '', stderr = ''): ProcessResult {
  return { exitCode, stdout, stderr, timedOut: false, truncated: false };
}

describe('WindowsStepRunner', () => {
  let backupDir: string;
  let host: SimulatedHost;
  let answers: ((command: CommandLine) => ProcessResult | undefined)[];

  const steps = (reads: Host = host) =>
    new WindowsStepRunner({
      host: reads,
      runner: async (command) => {
        for (const respond of answers) {
          const result = respond(command);
          if (result !== undefined) return result;
        }
        return answer(0);
      },
      runContext: async () => ({ oemCodePage: 936 }),
      env,
    });
  const context = () => ({ jobId: 'job', backupDir });

  beforeEach(async () => {
    backupDir = await mkdtemp(join(tmpdir(), 'windows-steps-'));
    host = new SimulatedHost({ seed: 4 });
    answers = [];
  });

  afterEach(async () => {
    await rm(backupDir, { recursive: true, force: true });
  });

  it('a reg.exe exit 1 fails the step with its output, whatever the language', async () => {
    answers.push(() => answer(1, '', NOT_READ));
    await expect(
      steps().runStep(
        { kind: 'registry.export', key: 'HKLM\\Software\\Microsoft\\Rpc\\Internet', backup: 'rpc-internet' },
        context(),
      ),
    ).resolves.toEqual({
      ok: false,
      message: 'reg.exe exited with 1',
      output: [NOT_READ],
    });
  });

  it('robocopy below 8 is success, 8 and above a failure', async () => {
    const step = {
      kind: 'folder.backup',
      path: '%SystemRoot%\\System32\\catroot2',
      backup: 'catroot2',
    } as const;
    answers.push(() => answer(3));
    await expect(steps().runStep(step, context())).resolves.toMatchObject({ ok: true });
    answers.unshift(() => answer(9));
    await expect(steps().runStep(step, context())).resolves.toMatchObject({
      ok: false,
      message: 'robocopy.exe exited with 9',
    });
  });

  it('an integrity check that finds damage has done its job; one that cannot open the database fails', async () => {
    const step = { kind: 'esentutl.check', database: CATDB } as const;
    answers.push(() => answer(4294966090)); // -1206 as a 32-bit exit code
    await expect(steps().runStep(step, context())).resolves.toMatchObject({
      ok: true,
      message: expect.stringContaining('damaged (JET_errDatabaseCorrupted, -1206)'),
    });
    answers.unshift(() => answer(-1032));
    await expect(steps().runStep(step, context())).resolves.toMatchObject({
      ok: false,
      message: expect.stringContaining('esentutl.exe exited with -1032 (JET_errFileAccessDenied, -1032)'),
    });
  });

  it('a service that will not start is reported with its start error from the SCM', async () => {
    host.failServiceStart('Spooler', 87);
    answers.push(() => answer(1, '', NOT_READ));
    await expect(
      steps().runStep({ kind: 'service.start', service: 'Spooler' }, context()),
    ).resolves.toMatchObject({
      ok: false,
      message:
        'Spooler did not start: powershell.exe exited with 1; Spooler is STOPPED; its last start failed with 0x80070057 (87)',
    });
    answers.unshift(() => answer(0));
    host.startService('Spooler');
    await expect(
      steps().runStep({ kind: 'service.start', service: 'Spooler' }, context()),
    ).resolves.toMatchObject({
      ok: true,
      message: 'Spooler is RUNNING',
    });
  });

  it('restoring needs its backup to exist', async () => {
    await expect(
      steps().runStep({ kind: 'registry.import', backup: 'rpc-internet' }, context()),
    ).resolves.toMatchObject({
      ok: false,
      message: expect.stringMatching(/rpc-internet\.reg does not exist$/),
    });
  });

  describe('update.install', () => {
    const install = { kind: 'update.install', kb: 'KB5005030' } as const;
    const script = (json: unknown, exitCode = 0) =>
      answers.push(() => answer(exitCode, JSON.stringify(json)));

    it('succeeds on result 2 and says that Windows asks for a restart', async () => {
      script({
        found: 1,
        download: { resultCode: 2, hResult: 0 },
        install: {
          resultCode: 2,
          hResult: 0,
          rebootRequired: true,
          updates: [{ title: '2021-08 Cumulative Update', resultCode: 2, hResult: 0 }],
        },
      });
      await expect(steps().runStep(install, context())).resolves.toMatchObject({
        ok: true,
        message: 'KB5005030 installed (result 2 (succeeded)); Windows asks for a restart to finish',
      });
    });

    it('fails with the update’s own HRESULT', async () => {
      script({
        found: 1,
        download: { resultCode: 2, hResult: 0 },
        install: {
          resultCode: 4,
          hResult: 0,
          rebootRequired: false,
          updates: [{ title: 'x', resultCode: 4, hResult: 0x8e5e03fa | 0 }],
        },
      });
      await expect(steps().runStep(install, context())).resolves.toMatchObject({
        ok: false,
        message: 'KB5005030 failed to install: result 4 (failed), 0x8e5e03fa',
      });
    });

    it('fails when the script ends without its result (PowerShell itself failed)', async () => {
      answers.push(() => answer(1, '', NOT_READ));
      await expect(steps().runStep(install, context())).resolves.toEqual({
        ok: false,
        message: 'installing KB5005030: powershell.exe exited with 1, without the result it should print',
        output: [NOT_READ],
      });
    });

    it('reports a search that failed, and an update Windows Update does not offer', async () => {
      script({ error: { hResult: 0x8024402c | 0, message: '' } }, 1);
      await expect(steps().runStep(install, context())).resolves.toMatchObject({
        ok: false,
        message: 'installing KB5005030 failed with 0x8024402c: ',
      });
      answers.length = 0;
      script({ found: 0 });
      await expect(steps().runStep(install, context())).resolves.toMatchObject({
        ok: false,
        message: expect.stringContaining('Windows Update does not offer KB5005030'),
      });
      host.installKb('KB5005030');
      await expect(steps().runStep(install, context())).resolves.toMatchObject({
        ok: true,
        message: 'KB5005030 is already installed',
      });
    });
  });

  it('says what the SCM reports for a service that is not installed', async () => {
    const none: Host = Object.assign(Object.create(host) as Host, {
      queryServices: async (): Promise<ServiceStatus[]> => [],
    });
    answers.push(() => answer(1));
    await expect(
      steps(none).runStep({ kind: 'service.stop', service: 'NoSuch' }, context()),
    ).resolves.toMatchObject({
      ok: false,
      message: 'NoSuch did not stop: powershell.exe exited with 1; it is not installed on this PC',
    });
  });
});
