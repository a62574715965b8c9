/**
 * End to end: 20 simulated PCs report over real socket.io to a real server on a SQLite file; the server
 * goes away while the PCs keep observing and restart, comes back, and receives every observation exactly once.
 */
import path from 'node:path';
import { type SimulatedFleet, outboxEmptied, waitForAgent } from '@fleetmedic/agent';
import type { RunningServer } from '@fleetmedic/server';
import sqlite3 from 'sqlite3';
import { eventually, listHosts, startFleet, startFleetServer, tempDir } from './support/environment';

const FLEET_SIZE = 20;
const MAIN_SERVICES = ['Spooler', 'CryptSvc', 'wuauserv', 'BITS'];

function storedObservationIds(file: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, sqlite3.OPEN_READONLY);
    db.all<{ id: string }>('SELECT id FROM observation', (error, rows) => {
      db.close();
      if (error) reject(error);
      else resolve(rows.map((row) => row.id));
    });
  });
}

describe('a simulated fleet reporting to the server', () => {
  const dir = tempDir('e2e-fleet');
  let server: RunningServer;
  let fleet: SimulatedFleet;

  beforeAll(async () => {
    server = await startFleetServer(dir);
    fleet = await startFleet(server, dir, FLEET_SIZE);
    await fleet.allConnected();
  });

  afterAll(async () => {
    await fleet.stop();
    await server.close();
  });

  it('lists 20 online hosts with their service states', async () => {
    const hosts = await eventually(
      () => listHosts(server),
      (list) =>
        list.length === FLEET_SIZE &&
        list.every(
          (host) => host.online && MAIN_SERVICES.every((name) => host.checks.some((c) => c.target === name)),
        ),
    );
    for (const host of hosts) {
      for (const name of MAIN_SERVICES) {
        const check = host.checks.find((c) => c.check === 'service' && c.target === name);
        expect(check?.facts.state).toMatch(/^(RUNNING|STOPPED)$/);
      }
    }
    expect(hosts.map((host) => host.hostname).sort()).toEqual(
      fleet.hosts.map((host) => host.hostname).sort(),
    );
  });

  it('delivers every observation made while the server was down, across an agent restart, none twice', async () => {
    await Promise.all(fleet.agents.map((agent) => outboxEmptied(agent)));
    const database = path.join(dir, 'fleetmedic.sqlite');
    const storedBefore = await storedObservationIds(database);
    const port = server.port;
    const disconnected = fleet.agents.map((agent) => waitForAgent(agent, 'disconnected'));
    await server.close();
    await Promise.all(disconnected);

    // While the server is down, five PCs' spoolers fail to start and one PC's BITS starts.
    const madeDuringOutage = new Set<string>();
    for (const agent of fleet.agents)
      agent.on('observed', (observation) => madeDuringOutage.add(observation.id));
    const spoolerReports = fleet.agents
      .slice(0, 5)
      .map((agent) =>
        waitForAgent(agent, 'observed', (o) => o.target === 'Spooler' && o.status === 'failing'),
      );
    const bitsReport = waitForAgent(fleet.agents[5]!, 'observed', (o) => o.target === 'BITS');
    for (const host of fleet.hosts.slice(0, 5)) host.failServiceStart('Spooler', '0x80070057');
    fleet.hosts[5]!.startService('BITS');
    await Promise.all([...spoolerReports, bitsReport]);
    expect(fleet.agents.slice(0, 6).every((agent) => agent.outboxDepth > 0)).toBe(true);

    // Every agent restarts (its outbox is reopened from disk, its first probe is a full snapshot), still offline.
    await Promise.all(fleet.agents.map((agent) => agent.stop()));
    await Promise.all(fleet.agents.map((agent) => agent.start()));
    expect(fleet.agents.slice(0, 6).every((agent) => agent.outboxDepth > 0)).toBe(true);

    server = await startFleetServer(dir, port);
    await Promise.all(fleet.agents.map((agent) => waitForAgent(agent, 'connected')));
    await Promise.all(fleet.agents.map((agent) => outboxEmptied(agent)));

    // Counted by observation id: exactly what was there before plus what was made during the outage.
    const stored = await storedObservationIds(database);
    expect(stored.length).toBe(storedBefore.length + madeDuringOutage.size);
    expect(new Set(stored)).toEqual(new Set([...storedBefore, ...madeDuringOutage]));

    const hosts = await eventually(
      () => listHosts(server),
      (list) => list.filter((host) => host.online).length === FLEET_SIZE,
    );
    const failing = hosts.filter((host) =>
      host.checks.some((c) => c.target === 'Spooler' && c.status === 'failing' && c.code === '0x80070057'),
    );
    expect(failing.map((host) => host.hostname).sort()).toEqual(
      fleet.hosts
        .slice(0, 5)
        .map((host) => host.hostname)
        .sort(),
    );
  });
});
