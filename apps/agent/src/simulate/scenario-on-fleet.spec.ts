/**
 * A scenario on a running fleet, as `simulate --scenario` plays it: the faults wait until the server has
 * every PC's first snapshot, so that the incident forms live; a fleet stopped first starts nothing.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observation } from '@fleetmedic/protocol';
import type { LinkTuning } from '../agent';
import { AgentsTestServer } from '../testing/agents-test-server';
import { type SimulatedFleet, startSimulatedFleet } from './fleet';
import { startScenarioWhenReported } from './scenarios';

const FAST_LINK: LinkTuning = {
  reconnectionDelayMs: 50,
  reconnectionDelayMaxMs: 200,
  ackTimeoutMs: 300,
  batchRetryInitialMs: 50,
  batchRetryMaxMs: 200,
};

describe('startScenarioWhenReported', () => {
  let stateDir: string;
  let server: AgentsTestServer;
  let fleet: SimulatedFleet | undefined;

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'scenario-'));
    server = await AgentsTestServer.start({ enrollSecret: 'fleet-secret' });
  });

  afterEach(async () => {
    await fleet?.stop(500);
    fleet = undefined;
    await server.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  const start = (hosts: number) =>
    startSimulatedFleet({
      serverUrl: server.url,
      enrollSecret: 'fleet-secret',
      hosts,
      stateDir,
      probeIntervalMs: 60_000,
      seed: 4,
      link: FAST_LINK,
    });

  const spoolersRunning = async (running: SimulatedFleet): Promise<number> => {
    const states = await Promise.all(running.hosts.map((host) => host.queryServices(['Spooler'])));
    return states.filter(([spooler]) => spooler?.state === 'RUNNING').length;
  };

  it("breaks the affected PCs only once the server has stored every PC's first snapshot", async () => {
    server.batchPolicy = () => 'drop'; // the first snapshots arrive but are not stored yet
    const senders = new Set<string>();
    const everyPcSent = new Promise<void>((resolve) =>
      server.on('batch', (agentId) => {
        if (senders.add(agentId).size === 4) resolve();
      }),
    );
    const storedInOrder: Observation[] = [];
    server.on('stored', (observation) => storedInOrder.push(observation));
    fleet = await start(4);
    const starting = startScenarioWhenReported(fleet, { scenario: 'case-a', affected: 2, delayMs: 50 });
    await everyPcSent;
    expect(await spoolersRunning(fleet)).toBe(4);

    server.batchPolicy = () => 'ack';
    const run = await starting;
    expect(run?.affectedHosts).toHaveLength(2);
    expect(await spoolersRunning(fleet)).toBe(2);
    await server.storedMatching((o) => o.target === 'Spooler' && o.status === 'failing');
    const firstFailure = storedInOrder.findIndex((o) => o.target === 'Spooler' && o.status === 'failing');
    const snapshotHosts = storedInOrder
      .slice(0, firstFailure)
      .filter((o) => o.reason === 'snapshot')
      .map((o) => o.hostId);
    expect(new Set(snapshotHosts)).toEqual(new Set(fleet.agents.map((agent) => agent.hostId)));
  });

  it('starts nothing when the fleet stops first', async () => {
    server.batchPolicy = () => 'drop';
    fleet = await start(2);
    const starting = startScenarioWhenReported(fleet, { scenario: 'case-a', affected: 2, noise: 1 });
    await fleet.stop(100);
    expect(await starting).toBeNull();
    expect(await spoolersRunning(fleet)).toBe(2);
  });

  it('refuses bad options before waiting for the fleet', async () => {
    fleet = await start(2);
    await expect(startScenarioWhenReported(fleet, { scenario: 'case-b', affected: 3 })).rejects.toThrow(
      "affected must be a whole number from 1 to the fleet's 2 PCs (got 3)",
    );
  });
});
