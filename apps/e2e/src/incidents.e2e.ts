/**
 * End to end: 200 simulated PCs with honest noise (one-off failures and flapping services whose
 * fingerprints no two PCs share); a field case breaks 5 of them. Correlation must find exactly that
 * incident — its 5 hosts, what they share, the known issue — open nothing else, and resolve it on its own
 * once the PCs recover.
 */
import { LIVE_NAMESPACE, type IncidentSummary, type LiveServerToClientEvents } from '@fleetmedic/protocol';
import { type ScenarioRun, type SimulatedFleet, startScenario } from '@fleetmedic/agent';
import type { RunningServer } from '@fleetmedic/server';
import { type Socket, io } from 'socket.io-client';
import {
  ADMIN_TOKEN,
  getIncident,
  listIncidents,
  startFleet,
  startFleetServer,
  tempDir,
} from './support/environment';

const FLEET_SIZE = 200;
const AFFECTED = 5;
/** Noise events per PC per minute, with every noise duration shrunk so that a few seconds see plenty. */
const NOISE_RATE = 3;
const NOISE_TIME_SCALE = 0.02;

function incidentEvents(server: RunningServer): Socket<LiveServerToClientEvents> {
  return io(`${server.url}${LIVE_NAMESPACE}`, {
    auth: { token: ADMIN_TOKEN },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
}

function nextIncident(
  live: Socket<LiveServerToClientEvents>,
  predicate: (incident: IncidentSummary) => boolean,
): Promise<IncidentSummary> {
  return new Promise((resolve) => {
    const listener = (incident: IncidentSummary) => {
      if (!predicate(incident)) return;
      live.off('incident.updated', listener);
      resolve(incident);
    };
    live.on('incident.updated', listener);
  });
}

interface Run {
  server: RunningServer;
  fleet: SimulatedFleet;
  scenario: ScenarioRun;
  live: Socket<LiveServerToClientEvents>;
  seen: IncidentSummary[];
}

async function startRun(name: string, scenario: 'case-a' | 'case-b', seed: number): Promise<Run> {
  const dir = tempDir(`e2e-${name}`);
  const server = await startFleetServer(dir, 0, { FLEETMEDIC_INCIDENT_SETTLE_MS: '1000' });
  const fleet = await startFleet(server, dir, FLEET_SIZE, 500);
  await fleet.allReported();
  const live = incidentEvents(server);
  const seen: IncidentSummary[] = [];
  live.on('incident.updated', (incident) => seen.push(incident));
  await new Promise<void>((resolve) => live.once('connect', () => resolve()));
  const run = startScenario(fleet, {
    scenario,
    affected: AFFECTED,
    noise: NOISE_RATE,
    seed,
    noiseTimeScale: NOISE_TIME_SCALE,
  });
  return { server, fleet, scenario: run, live, seen };
}

async function stopRun(run: Run | undefined): Promise<void> {
  if (!run) return;
  run.scenario.stop();
  run.live.close();
  await run.fleet.stop();
  await run.server.close();
}

/** Let the noise play for a while after the incident formed: it must not correlate into anything. */
async function noiseFor(run: Run, touches: number): Promise<void> {
  while (run.scenario.noise.touches().length < touches) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function expectNoiseDidNotCorrelate(run: Run, fingerprint: string): void {
  const others = run.seen.filter((incident) => incident.fingerprint !== fingerprint);
  expect(others.filter((incident) => incident.hostCount > 1)).toEqual([]);
  // Noise fingerprints are unique per PC, and no known issue covers them: nothing opens at all.
  expect(others).toEqual([]);
}

describe('case A among 200 PCs with noise', () => {
  let run: Run | undefined;
  const fingerprint = 'service:spooler:0x80070057';

  afterAll(async () => stopRun(run));

  it('opens exactly one incident: the 5 affected PCs, the Rpc\\Internet key they share, known issue case A', async () => {
    run = await startRun('case-a', 'case-a', 11);
    const complete = await nextIncident(
      run.live,
      (i) => i.fingerprint === fingerprint && i.hostCount === AFFECTED,
    );
    await noiseFor(run, 40);

    const open = await listIncidents(run.server, 'open');
    expect(open.map((incident) => incident.id)).toEqual([complete.id]);
    const detail = await getIncident(run.server, complete.id);
    expect(detail.hosts.map((host) => host.hostname).sort()).toEqual(
      run.scenario.affectedHosts.map((host) => host.hostname).sort(),
    );
    expect(detail.commonFactors[0]).toMatchObject({
      kind: 'registry-key',
      label: expect.stringMatching(/Rpc\\Internet/i),
      affected: { count: AFFECTED, total: AFFECTED },
      healthy: { count: 0, total: FLEET_SIZE - AFFECTED },
    });
    expect(detail.knownIssues[0]).toMatchObject({
      id: 'spooler-rpc-internet',
      confirmed: true,
      confirmedOnHosts: AFFECTED,
    });
    expect(detail.decoded).toMatchObject({ symbol: 'E_INVALIDARG', win32: 87 });
    expectNoiseDidNotCorrelate(run, fingerprint);
  });

  it('resolves on its own once the PCs recover', async () => {
    const resolved = nextIncident(run!.live, (i) => i.fingerprint === fingerprint && i.status === 'resolved');
    run!.scenario.recover();
    await expect(resolved).resolves.toMatchObject({ failingHostCount: 0, hostCount: AFFECTED });
    expect(await listIncidents(run!.server, 'open')).toEqual([]);
    expectNoiseDidNotCorrelate(run!, fingerprint);
  });
});

describe('case B among 200 PCs with noise', () => {
  let run: Run | undefined;
  const fingerprint = 'patch:kb5005030:0x8e5e03fa';

  afterAll(async () => stopRun(run));

  it('opens exactly one incident: the 5 affected PCs, decoded, known issue case B', async () => {
    run = await startRun('case-b', 'case-b', 12);
    const complete = await nextIncident(
      run.live,
      (i) => i.fingerprint === fingerprint && i.hostCount === AFFECTED,
    );
    await noiseFor(run, 40);

    const open = await listIncidents(run.server, 'open');
    expect(open.map((incident) => incident.id)).toEqual([complete.id]);
    const detail = await getIncident(run.server, complete.id);
    expect(detail.hosts.map((host) => host.hostname).sort()).toEqual(
      run.scenario.affectedHosts.map((host) => host.hostname).sort(),
    );
    expect(detail.decoded).toMatchObject({ symbol: 'JET_errReadVerifyFailure', jet: -1018 });
    expect(detail.knownIssues[0]).toMatchObject({
      id: 'catroot2-catalog-database-corrupt',
      confirmed: true,
      playbook: 'catroot2-repair',
    });
    expect(detail.hosts[0]?.evidence.join('\n')).toContain('CryptCATAdminAddCatalog');
    expectNoiseDidNotCorrelate(run, fingerprint);
  });

  it('resolves on its own once the update installs', async () => {
    const resolved = nextIncident(run!.live, (i) => i.fingerprint === fingerprint && i.status === 'resolved');
    run!.scenario.recover();
    await expect(resolved).resolves.toMatchObject({ failingHostCount: 0 });
  });
});
