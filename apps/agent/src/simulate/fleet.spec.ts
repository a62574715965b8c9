import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LinkTuning } from '../agent';
import { readCredentials } from '../link/credentials';
import { AgentsTestServer, findFreePort } from '../testing/agents-test-server';
import { outboxEmptied } from '../agent-events';
import {
  FleetEnrollmentError,
  type SimulatedFleet,
  type SimulatedFleetOptions,
  startSimulatedFleet,
} from './fleet';
import { applyCaseA } from '../host/simulated/field-cases';
import { newJob } from '../testing/jobs';
import { RPC_INTERNET_KEY } from '../checks/watch-list';

const FAST_LINK: LinkTuning = { reconnectionDelayMs: 50, reconnectionDelayMaxMs: 200, ackTimeoutMs: 1_000 };

describe('startSimulatedFleet', () => {
  let stateDir: string;
  let server: AgentsTestServer;
  let fleet: SimulatedFleet | undefined;
  const otherServers: AgentsTestServer[] = [];

  const start = (
    hosts: number,
    enrollSecret = 'fleet-secret',
    serverUrl = server.url,
    remediation?: SimulatedFleetOptions['remediation'],
  ) =>
    startSimulatedFleet({
      serverUrl,
      enrollSecret,
      hosts,
      stateDir,
      probeIntervalMs: 60_000,
      seed: 11,
      link: FAST_LINK,
      enrollConcurrency: 2,
      remediation,
    });

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'fleet-'));
    server = await AgentsTestServer.start({ enrollSecret: 'fleet-secret' });
  });

  afterEach(async () => {
    await fleet?.stop(500);
    fleet = undefined;
    await server.close();
    await Promise.all(otherServers.splice(0).map((other) => other.close()));
    await rm(stateDir, { recursive: true, force: true });
  });

  it('runs one enrolled agent per simulated PC, each over its own connection', async () => {
    fleet = await start(3);
    await fleet.allConnected();
    expect(fleet.hosts.map((host) => host.hostname)).toEqual(['SIM-PC-001', 'SIM-PC-002', 'SIM-PC-003']);
    expect(new Set(fleet.agents.map((agent) => agent.hostId)).size).toBe(3);
    expect(server.hellos.map((hello) => hello.facts.hostname).sort()).toEqual([
      'SIM-PC-001',
      'SIM-PC-002',
      'SIM-PC-003',
    ]);
  });

  it('lets the server fix its PCs, each as its own policy allows', async () => {
    fleet = await startSimulatedFleet({
      serverUrl: server.url,
      enrollSecret: 'fleet-secret',
      hosts: 2,
      stateDir,
      probeIntervalMs: 60_000,
      seed: 11,
      link: FAST_LINK,
      remediation: (_host, index) =>
        index === 0
          ? { enabled: true, allowedPlaybooks: 'all' }
          : { enabled: false, allowedPlaybooks: 'all' },
    });
    await fleet.allConnected();
    for (const host of fleet.hosts) applyCaseA(host);
    const [fixed, kept] = fleet.agents.map((agent) =>
      newJob('spooler-rpc-internet', { hostId: agent.hostId }),
    );

    await expect(server.sendJob(fleet.agents[0]!.hostId, server.sign(fixed!))).resolves.toMatchObject({
      accepted: true,
    });
    await expect(server.sendJob(fleet.agents[1]!.hostId, server.sign(kept!))).resolves.toMatchObject({
      refusal: 'REMEDIATION_DISABLED',
    });
    await expect(server.reportStored(fixed!.jobId)).resolves.toMatchObject({ outcome: 'succeeded' });
    expect(fleet.hosts[0]!.registryValues(RPC_INTERNET_KEY)).toBeNull();
    expect(fleet.hosts[1]!.stepsRun).toEqual([]);
  });

  it("delivers a fault injected into one PC as that PC's observation", async () => {
    fleet = await start(3);
    await fleet.allConnected();
    fleet.hosts[1]!.failServiceStart('Spooler', '0x80070057');
    const stored = await server.storedMatching((o) => o.target === 'Spooler' && o.status === 'failing');
    expect(stored).toMatchObject({ hostId: fleet.agents[1]!.hostId, code: '0x80070057' });
  });

  it('keeps its identities when restarted on the same state directory', async () => {
    fleet = await start(2);
    await fleet.allConnected();
    const ids = fleet.agents.map((agent) => agent.hostId);
    await Promise.all(fleet.agents.map((agent) => outboxEmptied(agent)));
    await fleet.stop();

    fleet = await start(2);
    await fleet.allConnected();
    expect(fleet.agents.map((agent) => agent.hostId)).toEqual(ids);
    expect(server.enrollments).toBe(2);
    expect(await readCredentials(join(stateDir, 'SIM-PC-001'))).toMatchObject({ agentId: ids[0] });
  });

  it('enrolls a PC again when the server refuses its stored credentials, and delivers what it kept', async () => {
    const port = await findFreePort();
    const before = await AgentsTestServer.start({ enrollSecret: 'fleet-secret', port });
    otherServers.push(before);
    before.batchPolicy = () => 'drop'; // nothing acked: each PC's first snapshot stays in its outbox
    const sentBefore = new Map<string, string[]>();
    const bothSent = new Promise<void>((resolve) =>
      before.on('batch', (agentId, batch) => {
        if (!sentBefore.has(agentId))
          sentBefore.set(
            agentId,
            batch.observations.map((o) => o.id),
          );
        if (sentBefore.size === 2) resolve();
      }),
    );
    fleet = await start(2, 'fleet-secret', before.url);
    await bothSent;
    const previousIds = fleet.agents.map((agent) => agent.hostId);
    const kept = previousIds.map((id) => sentBefore.get(id)!);
    await fleet.stop(100);
    fleet = undefined;
    await before.close();

    // The same address, a new database: no agent, no machine id is known any more.
    const rebuilt = await AgentsTestServer.start({ enrollSecret: 'fleet-secret', port });
    otherServers.push(rebuilt);
    fleet = await start(2, 'fleet-secret', rebuilt.url);
    await fleet.allConnected();
    await Promise.all(fleet.agents.map((agent) => outboxEmptied(agent)));

    const ids = fleet.agents.map((agent) => agent.hostId);
    expect(ids.some((id) => previousIds.includes(id))).toBe(false);
    expect(rebuilt.enrollments).toBe(2);
    expect(await readCredentials(join(stateDir, 'SIM-PC-002'))).toMatchObject({ agentId: ids[1] });
    for (const [index, agentId] of ids.entries()) {
      const keptHere = kept[index]!.map((id) => rebuilt.stored.get(id)?.hostId);
      expect(keptHere).toEqual(kept[index]!.map(() => agentId));
    }
  });

  it('enrolls again no faster than the refusal backoff when even new credentials are refused', async () => {
    fleet = await startSimulatedFleet({
      serverUrl: server.url,
      enrollSecret: 'fleet-secret',
      hosts: 1,
      stateDir,
      probeIntervalMs: 60_000,
      link: { ...FAST_LINK, refusalRetryInitialMs: 100, refusalRetryMaxMs: 400 },
    });
    await fleet.allConnected();
    // Say another simulation with the same seed keeps enrolling the same PCs: no token lasts.
    server.acceptsCredentials = false;
    const renewedAt: number[] = [];
    server.on('enrolled', () => renewedAt.push(Date.now()));
    const threeRenewals = server.nextEvents('enrolled', 3);
    server.disconnectAll();
    await threeRenewals;
    // Renewed, refused (grace), retried after 200 ms ±50 %, refused, renewed, refused (grace), 400 ms ±50 %…
    expect(renewedAt[1]! - renewedAt[0]!).toBeGreaterThanOrEqual(100);
    expect(renewedAt[2]! - renewedAt[1]!).toBeGreaterThanOrEqual(150);
  });

  it('ends what was handed to onStop before its agents stop, and at once once stopped', async () => {
    fleet = await start(2);
    await fleet.allReported();
    const ended: string[] = [];
    fleet.onStop(() =>
      ended.push(`noise (agents connected: ${fleet!.agents.filter((a) => a.isConnected).length})`),
    );
    await fleet.stop();
    fleet.onStop(() => ended.push('late'));
    expect(ended).toEqual(['noise (agents connected: 2)', 'late']);
  });

  it('names the hosts that could not enroll, and why', async () => {
    await expect(start(2, 'wrong-secret')).rejects.toThrow(FleetEnrollmentError);
    await expect(start(2, 'wrong-secret')).rejects.toThrow(
      /^2 of 2 simulated hosts could not enroll: SIM-PC-001: the server refused the enrollment secret/,
    );
  });
});
