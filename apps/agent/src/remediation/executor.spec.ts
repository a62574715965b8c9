/**
 * The executor on the simulated PC, whose state changes for real: the field cases fixed and verified,
 * failures undone, undo failures reported, a job the agent was stopped in the middle of put back.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepResult } from '@fleetmedic/protocol';
import { jobReportSchema } from '@fleetmedic/protocol';
import { RPC_INTERNET_KEY } from '../checks/watch-list';
import { CASE_A_RPC_INTERNET_VALUES, CASE_B_KB, applyCaseA, applyCaseB } from '../host/simulated/field-cases';
import { SimulatedHost } from '../host/simulated/simulated-host';
import { CATALOG_DATABASE_FILE, CATROOT2 } from '../host/simulated/simulated-steps';
import { newJob } from '../testing/jobs';
import { BACKUPS_DIR, registryBackupFile } from './backups';
import { JobExecutor } from './executor';

describe('JobExecutor on a simulated PC', () => {
  let stateDir: string;
  let host: SimulatedHost;
  let progress: StepResult[];

  const executor = (options: Partial<ConstructorParameters<typeof JobExecutor>[0]> = {}) =>
    new JobExecutor({
      host,
      steps: host,
      stateDir,
      verify: { timeoutMs: 0, pollMs: 1 },
      onProgress: (_jobId, step) => progress.push(step),
      ...options,
    });
  const spooler = async () => (await host.queryServices(['Spooler']))[0];

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'executor-'));
    host = new SimulatedHost({ seed: 5 });
    progress = [];
  });

  afterEach(async () => {
    await rm(stateDir, { recursive: true, force: true });
  });

  it('fixes case A: exports the key, deletes it, starts the spooler and verifies it runs', async () => {
    applyCaseA(host);
    const job = newJob('spooler-rpc-internet');

    const report = await executor().run(job);

    expect(jobReportSchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({
      jobId: job.jobId,
      outcome: 'succeeded',
      rollback: [],
      restartPending: false,
    });
    expect(report?.steps.map((step) => [step.kind, step.status])).toEqual([
      ['registry.export', 'succeeded'],
      ['registry.delete', 'succeeded'],
      ['service.start', 'succeeded'],
      ['verify.service', 'succeeded'],
    ]);
    expect(report?.message).toMatch(/^All 4 steps of spooler-rpc-internet succeeded: Spooler is RUNNING/);
    expect(await spooler()).toMatchObject({ state: 'RUNNING', startError: null });
    expect(host.registryValues(RPC_INTERNET_KEY)).toBeNull();
    // The backup stays on disk, as reg.exe writes it.
    const backup = await readFile(registryBackupFile(join(stateDir, BACKUPS_DIR, job.jobId), 'rpc-internet'));
    expect(backup.subarray(2).toString('utf16le')).toContain('"Ports"="5000-5100"');
    // Each step reported as it started and as it ended.
    expect(progress.map((step) => `${step.index}:${step.status}`)).toEqual([
      '0:running',
      '0:succeeded',
      '1:running',
      '1:succeeded',
      '2:running',
      '2:succeeded',
      '3:running',
      '3:succeeded',
    ]);
  });

  it('undoes what ran when a step fails: the key is back with its values', async () => {
    applyCaseA(host);
    host.injectStepFailure('service.start', { target: 'Spooler', message: 'the spooler hung' });

    const report = await executor().run(newJob('spooler-rpc-internet'));

    expect(report).toMatchObject({ outcome: 'rolled-back' });
    expect(report?.steps.map((step) => step.status)).toEqual(['succeeded', 'succeeded', 'failed']);
    expect(report?.rollback.map((step) => [step.phase, step.kind, step.status])).toEqual([
      ['rollback', 'service.stop', 'succeeded'],
      ['rollback', 'registry.import', 'succeeded'],
    ]);
    expect(report?.message).toBe(
      'Step 3 of 4 (service.start Spooler) failed: the spooler hung; the 2 undo steps put the PC back as it was.',
    );
    expect(host.registryValues(RPC_INTERNET_KEY)).toEqual(CASE_A_RPC_INTERNET_VALUES);
  });

  it('fails the start for the real reason when the key was not removed, and verification is real', async () => {
    applyCaseA(host);
    host.injectStepFailure('registry.delete', { message: 'access denied' });
    const report = await executor().run(newJob('spooler-rpc-internet'));
    expect(report?.outcome).toBe('rolled-back');
    expect(host.registryValues(RPC_INTERNET_KEY)).toEqual(CASE_A_RPC_INTERNET_VALUES);

    // Without the delete step, the spooler cannot start while the key restricts RPC: error 87, as in the case.
    const startOnly = newJob('spooler-rpc-internet');
    startOnly.steps = startOnly.steps.slice(2);
    const second = await executor().run(startOnly);
    expect(second?.steps.map((step) => step.message)).toEqual([
      'Spooler did not start: the Service Control Manager reports start error 0x80070057 (87)',
    ]);
    expect(await spooler()).toMatchObject({ state: 'STOPPED', startError: '0x80070057' });
  });

  it('fixes case B: repairs the catalog database, installs the update, and a restart is pending', async () => {
    applyCaseB(host);
    expect(host.catalogDatabaseCorrupt).toBe(true);

    const report = await executor().run(newJob('catroot2-repair', { kb: CASE_B_KB }));

    expect(report).toMatchObject({ outcome: 'succeeded', restartPending: true });
    expect(report?.message).toMatch(/KB5005030 is installed; a restart is pending$/);
    expect(report?.steps.find((step) => step.kind === 'esentutl.check')?.message).toContain(
      'corrupt (JET_errDatabaseCorrupted, -1206)',
    );
    expect(host.catalogDatabaseCorrupt).toBe(false);
    const patches = await host.queryPatchResults();
    expect(patches.find((patch) => patch.kb === CASE_B_KB)).toMatchObject({ status: 'installed' });
    expect((await host.queryServices(['CryptSvc']))[0]?.state).toBe('RUNNING');
  });

  it('puts catroot2 back from its backup when the update still fails after the repair', async () => {
    applyCaseB(host);
    host.injectStepFailure('update.install', { message: 'the download failed (0x80240022)' });
    const before = new Map(host.folderFiles(CATROOT2));

    const report = await executor().run(newJob('catroot2-repair', { kb: CASE_B_KB }));

    expect(report?.outcome).toBe('rolled-back');
    expect(report?.steps.at(-1)).toMatchObject({ kind: 'update.install', status: 'failed' });
    expect(report?.rollback.map((step) => step.kind)).toEqual([
      'service.stop',
      'folder.restore',
      'service.start',
    ]);
    // As it was before the job, the corrupt catalog database included: the undo puts back, it does not fix.
    expect(host.folderFiles(CATROOT2)).toEqual(before);
    expect(host.folderFiles(CATROOT2)?.get(CATALOG_DATABASE_FILE)).toBe('corrupt');
    expect((await host.queryServices(['CryptSvc']))[0]?.state).toBe('RUNNING');
  });

  it('undoes a failed repair without emptying catroot2', async () => {
    applyCaseB(host);
    host.injectStepFailure('esentutl.repair', { message: 'repair failed' });

    const report = await executor().run(newJob('catroot2-repair', { kb: CASE_B_KB }));

    expect(report?.steps.at(-1)).toMatchObject({ kind: 'esentutl.repair', status: 'failed' });
    expect(report?.rollback.map((step) => step.kind)).toEqual(['folder.restore', 'service.start']);
    expect(host.catalogDatabaseCorrupt).toBe(true);
    expect((await host.queryServices(['CryptSvc']))[0]?.state).toBe('RUNNING');
  });

  it('reports rollback-failed, naming both failures, when the undo fails too', async () => {
    applyCaseA(host);
    host.injectStepFailure('service.start', { message: 'the spooler hung' });
    host.injectStepFailure('registry.import', { message: 'the backup is unreadable' });

    const report = await executor().run(newJob('spooler-rpc-internet'));

    expect(report?.outcome).toBe('rollback-failed');
    expect(report?.rollback.map((step) => step.status)).toEqual(['succeeded', 'failed']);
    expect(report?.message).toBe(
      'Step 3 of 4 (service.start Spooler) failed: the spooler hung. Putting the PC back failed: undo step 2 ' +
        '(registry.import backup rpc-internet) failed: the backup is unreadable. The PC needs a person.',
    );
    expect(host.registryValues(RPC_INTERNET_KEY)).toBeNull();
  });

  it('changes nothing it could not put back: a delete without an earlier export is refused', async () => {
    applyCaseA(host);
    const job = newJob('spooler-rpc-internet');
    job.steps = job.steps.slice(1);

    const report = await executor().run(job);

    expect(report?.outcome).toBe('rolled-back');
    expect(report?.steps[0]?.message).toMatch(/no backup rpc-internet of .* was taken earlier in this job/);
    expect(host.stepsRun).toEqual([]);
    expect(host.registryValues(RPC_INTERNET_KEY)).toEqual(CASE_A_RPC_INTERNET_VALUES);
  });

  it('an injected failure can be limited to a number of runs', async () => {
    host.injectStepFailure('service.restart', { target: 'spooler', times: 1 });
    const job = newJob('spooler-rpc-internet');
    job.steps = [{ kind: 'service.restart', service: 'Spooler' }];
    expect((await executor().run(job))?.outcome).toBe('rolled-back');
    expect((await executor().run({ ...job, jobId: crypto.randomUUID() }))?.outcome).toBe('succeeded');
    expect(host.stepsRun.map((run) => [run.kind, run.ok, run.injected])).toEqual([
      ['service.restart', false, true],
      ['service.restart', true, false],
    ]);
  });

  it('stops between steps when asked and leaves the job in the journal; the next start puts the PC back', async () => {
    applyCaseA(host);
    const job = newJob('spooler-rpc-internet');
    const stop = new AbortController();
    const first = executor({
      onProgress: (_jobId, step) => {
        if (step.index === 1 && step.status === 'succeeded') stop.abort();
      },
    });

    expect(await first.run(job, stop.signal)).toBeNull();
    expect(host.registryValues(RPC_INTERNET_KEY)).toBeNull();

    const restarted = executor();
    const entry = await restarted.journal.read();
    expect(entry?.job.jobId).toBe(job.jobId);
    const report = await restarted.recover(entry!);

    expect(report).toMatchObject({ jobId: job.jobId, outcome: 'rolled-back' });
    expect(report.message).toBe(
      'The agent stopped after step 2 (registry.delete HKLM\\Software\\Microsoft\\Rpc\\Internet); ' +
        'the 1 undo step put the PC back as it was.',
    );
    expect(host.registryValues(RPC_INTERNET_KEY)).toEqual(CASE_A_RPC_INTERNET_VALUES);
  });

  it('keeps the backups of the last jobs only', async () => {
    const job = () => {
      const next = newJob('spooler-rpc-internet');
      next.steps = [{ kind: 'service.restart', service: 'W32Time' }];
      return next;
    };
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) {
      const next = job();
      ids.push(next.jobId);
      await executor({ backupsKept: 2 }).run(next);
    }
    const kept = await readdir(join(stateDir, BACKUPS_DIR));
    expect(kept.sort()).toEqual(ids.slice(-2).sort());
    expect(existsSync(join(stateDir, BACKUPS_DIR, ids[0]!))).toBe(false);
  });
});
