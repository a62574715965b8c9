/** The simulated PC's remediation steps: the causes of the field cases, and what Windows refuses. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepContext } from '../../remediation/step-runner';
import { CASE_B_KB, applyCaseB } from './field-cases';
import { SimulatedHost } from './simulated-host';
import { CATALOG_DATABASE_FILE, CATROOT2 } from './simulated-steps';

const CATDB = `${CATROOT2}\\${CATALOG_DATABASE_FILE}`;

describe('SimulatedHost remediation steps', () => {
  let context: StepContext;
  let host: SimulatedHost;

  beforeEach(async () => {
    context = { jobId: 'job', backupDir: await mkdtemp(join(tmpdir(), 'simulated-steps-')) };
    host = new SimulatedHost({ seed: 2 });
    applyCaseB(host);
  });

  afterEach(async () => {
    await rm(context.backupDir, { recursive: true, force: true });
  });

  it('installing the update fails with 0x8e5e03fa while the catalog database is corrupt', async () => {
    await expect(host.runStep({ kind: 'update.install', kb: CASE_B_KB }, context)).resolves.toMatchObject({
      ok: false,
      message: 'KB5005030 failed to install with 0x8e5e03fa (JET_errReadVerifyFailure)',
    });
    const patch = (await host.queryPatchResults()).find((result) => result.kb === CASE_B_KB);
    // The failure keeps the case's CBS.log evidence.
    expect(patch).toMatchObject({ status: 'failed', code: '0x8e5e03fa' });
    expect(patch?.evidence.length).toBeGreaterThan(0);
  });

  it('esentutl and emptying catroot2 need CryptSvc stopped, as on Windows', async () => {
    await expect(host.runStep({ kind: 'esentutl.check', database: CATDB }, context)).resolves.toMatchObject({
      ok: false,
      message: expect.stringContaining('in use by CryptSvc'),
    });
    await expect(
      host.runStep({ kind: 'folder.empty', path: CATROOT2, backup: 'catroot2' }, context),
    ).resolves.toMatchObject({ ok: false });
    expect(host.catalogDatabaseCorrupt).toBe(true);
  });

  it('emptying catroot2 lets CryptSvc rebuild a sound catalog database when it starts', async () => {
    await host.runStep({ kind: 'service.stop', service: 'CryptSvc' }, context);
    await host.runStep({ kind: 'folder.empty', path: CATROOT2, backup: 'catroot2' }, context);
    expect(host.folderFiles(CATROOT2)?.size).toBe(0);
    await host.runStep({ kind: 'service.start', service: 'CryptSvc' }, context);
    expect(host.catalogDatabaseCorrupt).toBe(false);
    await expect(host.runStep({ kind: 'update.install', kb: CASE_B_KB }, context)).resolves.toMatchObject({
      ok: true,
    });
    expect(await host.queryPendingReboot()).toMatchObject({ pending: true });
  });

  it('a folder backup is a real copy that restores the folder exactly', async () => {
    const before = new Map(host.folderFiles(CATROOT2));
    await host.runStep({ kind: 'service.stop', service: 'CryptSvc' }, context);
    await host.runStep({ kind: 'folder.backup', path: CATROOT2, backup: 'catroot2' }, context);
    await host.runStep({ kind: 'esentutl.repair', database: CATDB, backup: 'catroot2' }, context);
    expect(host.catalogDatabaseCorrupt).toBe(false);
    await expect(
      host.runStep({ kind: 'folder.restore', path: CATROOT2, backup: 'catroot2' }, context),
    ).resolves.toMatchObject({ ok: true, message: expect.stringContaining('restored 3 files') });
    expect(host.folderFiles(CATROOT2)).toEqual(before);
  });

  it('records every step run, and nothing when no step ran', async () => {
    expect(new SimulatedHost().stepsRun).toEqual([]);
    await host.runStep({ kind: 'service.stop', service: 'NoSuchService' }, context);
    expect(host.stepsRun).toEqual([
      {
        kind: 'service.stop',
        target: 'NoSuchService',
        ok: false,
        message: 'no service named NoSuchService (0x80070424)',
        injected: false,
      },
    ]);
  });
});
