import { once } from 'node:events';
import type { Observation } from '@fleetmedic/protocol';
import type { Host } from '../host/host';
import { SimulatedHost } from '../host/simulated/simulated-host';
import { TEST_HOST_ID, recordingLogger } from '../testing/factories';
import { CheckRunner, type ProbeCycle } from './check-runner';
import { DEFAULT_WATCHED_SERVICES, RPC_INTERNET_KEY } from './watch-list';

const PROBE_MS = 15_000;
const SNAPSHOT_MS = 60_000;
/** 10 services, 3 installed KBs, the pending reboot, the Rpc\Internet key. */
const CHECKS_OF_A_FRESH_PC = 15;

describe('CheckRunner', () => {
  let host: SimulatedHost;
  let runner: CheckRunner;
  let cycles: ProbeCycle[];

  const start = async (target: Host = host, logger = recordingLogger().logger): Promise<void> => {
    runner = new CheckRunner({
      host: target,
      hostId: () => TEST_HOST_ID,
      probeIntervalMs: PROBE_MS,
      snapshotIntervalMs: SNAPSHOT_MS,
      logger,
    });
    cycles = [];
    runner.on('cycle', (cycle) => cycles.push(cycle));
    await runner.start();
  };
  /** The cycle a host change triggers (it runs at once, no timer involved). */
  const nextCycle = async (): Promise<ProbeCycle> => ((await once(runner, 'cycle')) as [ProbeCycle])[0];
  const find = (observations: Observation[], target: string) => observations.find((o) => o.target === target);

  beforeEach(() => {
    jest.useFakeTimers({ now: new Date('2026-01-05T08:00:00.000Z') });
    host = new SimulatedHost({ seed: 1 });
  });

  afterEach(async () => {
    await runner.stop();
    jest.useRealTimers();
  });

  it('starts with a full snapshot of every check', async () => {
    await start();
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.reason).toBe('snapshot');
    const observations = cycles[0]!.observations;
    expect(observations).toHaveLength(CHECKS_OF_A_FRESH_PC);
    expect(observations.filter((o) => o.check === 'service').map((o) => o.target)).toEqual(
      DEFAULT_WATCHED_SERVICES,
    );
    expect(observations.every((o) => o.status === 'ok' && o.reason === 'snapshot')).toBe(true);
    expect(find(observations, RPC_INTERNET_KEY)).toMatchObject({
      check: 'registry',
      facts: { present: false },
    });
    expect(find(observations, 'pending')).toMatchObject({ check: 'reboot', facts: { pending: false } });
  });

  it('sends nothing while nothing changes', async () => {
    await start();
    await jest.advanceTimersByTimeAsync(PROBE_MS * 3);
    expect(cycles.slice(1).map((cycle) => [cycle.reason, cycle.observations.length])).toEqual([
      ['change', 0],
      ['change', 0],
      ['change', 0],
    ]);
  });

  it('reports a Spooler that fails to start with 0x80070057 at once, and only that', async () => {
    await start();
    const cycle = nextCycle();
    host.failServiceStart('Spooler', '0x80070057');
    const { reason, observations } = await cycle;
    expect(reason).toBe('change');
    expect(observations).toEqual([
      expect.objectContaining({
        check: 'service',
        target: 'Spooler',
        status: 'failing',
        code: '0x80070057',
        hostId: TEST_HOST_ID,
        reason: 'change',
        facts: {
          displayName: 'Print Spooler',
          state: 'STOPPED',
          startType: 'AUTO_START',
          win32ExitCode: 87,
          serviceSpecificExitCode: 0,
          pid: null,
        },
      }),
    ]);
  });

  it('reports the recovery, and nothing for a restart that changes only the pid', async () => {
    await start();
    let cycle = nextCycle();
    host.failServiceStart('Spooler', '0x80070057');
    await cycle;
    cycle = nextCycle();
    host.startService('Spooler');
    expect((await cycle).observations).toEqual([
      expect.objectContaining({ target: 'Spooler', status: 'ok', code: null }),
    ]);

    const pidBefore = (await host.queryServices(['Dnscache']))[0]?.pid;
    cycle = nextCycle();
    host.stopService('Dnscache');
    host.startService('Dnscache');
    expect((await cycle).observations).toEqual([]);
    expect((await host.queryServices(['Dnscache']))[0]?.pid).not.toBe(pidBefore);
  });

  it('makes one cycle for several changes made together', async () => {
    await start();
    const cycle = nextCycle();
    host.failServiceStart('Spooler', '0x80070057');
    host.setRegistryKey(RPC_INTERNET_KEY, { Ports: '5000-5100' });
    const { observations } = await cycle;
    expect(observations.map((o) => o.target)).toEqual(['Spooler', RPC_INTERNET_KEY]);
    expect(cycles).toHaveLength(2);
  });

  it('sends a snapshot of every check every snapshot interval, changed or not', async () => {
    await start();
    await jest.advanceTimersByTimeAsync(SNAPSHOT_MS);
    const snapshots = cycles.filter((cycle) => cycle.reason === 'snapshot');
    expect(snapshots).toHaveLength(2);
    expect(snapshots[1]!.observations).toHaveLength(CHECKS_OF_A_FRESH_PC);
    expect(snapshots[1]!.observations.map((o) => o.target)).toEqual(
      snapshots[0]!.observations.map((o) => o.target),
    );
  });

  it('reports a failed update with its KB, code and evidence', async () => {
    await start();
    const cycle = nextCycle();
    host.failPatch('KB5005030', '0x8e5e03fa', [
      '2021-11-22 08:50:03, Error                 CBS    Failed to process single phase execution. [HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]',
    ]);
    expect((await cycle).observations).toEqual([
      expect.objectContaining({
        check: 'patch',
        target: 'KB5005030',
        status: 'failing',
        code: '0x8e5e03fa',
        evidence: [expect.stringContaining('JET_errReadVerifyFailure')],
      }),
    ]);
  });

  it('reports a broken probe as unknown with the reason, keeps the other checks, and recovers', async () => {
    const { lines, logger } = recordingLogger();
    await start(host, logger);
    let cycle = nextCycle();
    host.failProbe('services', 'Get-CimInstance: Access denied');
    const broken = (await cycle).observations;
    expect(broken).toHaveLength(DEFAULT_WATCHED_SERVICES.length);
    expect(find(broken, 'Spooler')).toMatchObject({
      check: 'service',
      status: 'unknown',
      code: null,
      evidence: ['The service probe failed: Get-CimInstance: Access denied'],
    });
    expect(lines).toContainEqual({
      level: 'warn',
      message: 'the services probe failed: Get-CimInstance: Access denied',
    });

    // The runner keeps going: other checks still report, and the services come back when the probe does.
    cycle = nextCycle();
    host.setPendingReboot(true, ['Component Based Servicing']);
    expect((await cycle).observations.map((o) => o.check)).toEqual(['reboot']);
    cycle = nextCycle();
    host.failProbe('services', null);
    const repaired = (await cycle).observations;
    expect(repaired).toHaveLength(DEFAULT_WATCHED_SERVICES.length);
    expect(repaired.every((o) => o.status === 'ok')).toBe(true);
  });

  it('survives a host whose probe throws instead of rejecting', async () => {
    const throwing: Host = Object.assign(Object.create(host) as SimulatedHost, {
      queryPendingReboot: () => {
        throw new Error('reg.exe not found');
      },
    });
    await start(throwing);
    const observations = cycles[0]!.observations;
    expect(find(observations, 'pending')).toMatchObject({
      check: 'reboot',
      status: 'unknown',
      evidence: ['The reboot probe failed: reg.exe not found'],
    });
    expect(observations.filter((o) => o.status === 'ok')).toHaveLength(CHECKS_OF_A_FRESH_PC - 1);
  });

  it('reports the whole update history as unknown when it was never readable, and clears that later', async () => {
    host.failProbe('patches', 'wevtutil timed out');
    await start();
    expect(cycles[0]!.observations.filter((o) => o.check === 'patch')).toEqual([
      expect.objectContaining({ target: '*', status: 'unknown' }),
    ]);
    const cycle = nextCycle();
    host.failProbe('patches', null);
    const patches = (await cycle).observations.filter((o) => o.check === 'patch');
    expect(patches.map((o) => [o.target, o.status])).toEqual([
      ['KB4486153', 'ok'],
      ['KB5003711', 'ok'],
      ['KB5005112', 'ok'],
      ['*', 'ok'],
    ]);
    await jest.advanceTimersByTimeAsync(SNAPSHOT_MS);
    const snapshot = cycles.filter((c) => c.reason === 'snapshot')[1]!;
    expect(snapshot.observations.map((o) => o.target)).not.toContain('*');
  });

  it('emits the host facts at start and whenever they change', async () => {
    const facts: string[][] = [];
    host = new SimulatedHost({ seed: 1 });
    runner = new CheckRunner({ host, hostId: () => TEST_HOST_ID, probeIntervalMs: PROBE_MS });
    runner.on('facts', (latest) => facts.push(latest.installedKbs));
    await runner.start();
    await jest.advanceTimersByTimeAsync(PROBE_MS);
    const cycle = once(runner, 'cycle');
    host.installKb('KB5005030');
    await cycle;
    expect(facts).toEqual([
      ['KB4486153', 'KB5003711', 'KB5005112'],
      ['KB4486153', 'KB5003711', 'KB5005030', 'KB5005112'],
    ]);
  });

  it('gives every observation a unique, time-ordered id and the time it was made', async () => {
    await start();
    const observations = cycles[0]!.observations;
    expect(new Set(observations.map((o) => o.id)).size).toBe(observations.length);
    expect(observations.every((o) => o.observedAt === '2026-01-05T08:00:00.000Z')).toBe(true);
  });
});
