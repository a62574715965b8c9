/**
 * A whole FleetMedic in one process for end-to-end specs: the real server on a free port with a fresh
 * SQLite file, and a real simulated fleet talking to it over real socket.io connections.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type SimulatedFleet, startSimulatedFleet } from '@fleetmedic/agent';
import type { HostList, IncidentDetail, IncidentList } from '@fleetmedic/protocol';
import { type RunningServer, loadConfig, startServer } from '@fleetmedic/server';

export const ENROLL_SECRET = 'e2e-enroll-secret-0123456789';
/** FLEETMEDIC_BOOTSTRAP_TOKEN of every e2e server: an admin API token for the specs' own REST calls. */
export const ADMIN_TOKEN = 'e2e-bootstrap-token-0123456789abcdef';
/** FLEETMEDIC_ADMIN_PASSWORD: user `admin` signs in to the dashboard with it. */
export const ADMIN_PASSWORD = 'e2e-admin-password-0123';
export const adminHeaders = { authorization: `Bearer ${ADMIN_TOKEN}` };

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `fleetmedic-${prefix}-`));
}

/** Starts the server on `port` (0 for any free one) with its database and data in `dir`. */
export async function startFleetServer(
  dir: string,
  port = 0,
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const config = loadConfig({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${path.join(dir, 'fleetmedic.sqlite')}`,
    FLEETMEDIC_DATA_DIR: dir,
    FLEETMEDIC_ENROLL_SECRET: ENROLL_SECRET,
    FLEETMEDIC_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
    FLEETMEDIC_ADMIN_PASSWORD: ADMIN_PASSWORD,
    FLEETMEDIC_FLEET_SAMPLE_INTERVAL_MS: '500',
    LOG_LEVEL: 'warn',
    ...env,
  });
  return startServer(config);
}

export function startFleet(
  server: Pick<RunningServer, 'url'>,
  dir: string,
  hosts: number,
  probeIntervalMs = 250,
): Promise<SimulatedFleet> {
  return startSimulatedFleet({
    serverUrl: server.url,
    enrollSecret: ENROLL_SECRET,
    hosts,
    stateDir: path.join(dir, 'fleet'),
    probeIntervalMs,
    // No periodic snapshots during a spec: every observation is one the spec caused or the first report.
    snapshotIntervalMs: 3_600_000,
  });
}

export async function listHosts(server: Pick<RunningServer, 'url'>): Promise<HostList['hosts']> {
  const response = await fetch(`${server.url}/api/hosts`, { headers: adminHeaders });
  if (!response.ok) throw new Error(`GET /api/hosts answered ${response.status}`);
  return ((await response.json()) as HostList).hosts;
}

/** Polls a condition that has no event of its own (a REST view), up to a deadline. */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T = await probe();
  while (!accept(last)) {
    if (Date.now() > until)
      throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    last = await probe();
  }
  return last;
}

export async function getJson<T>(server: Pick<RunningServer, 'url'>, route: string): Promise<T> {
  const response = await fetch(`${server.url}${route}`, { headers: adminHeaders });
  if (!response.ok) throw new Error(`GET ${route} answered ${response.status}`);
  return (await response.json()) as T;
}

export const listIncidents = (
  server: Pick<RunningServer, 'url'>,
  status: 'open' | 'resolved' | 'all' = 'all',
) => getJson<IncidentList>(server, `/api/incidents?status=${status}`).then((body) => body.incidents);

export const getIncident = (server: Pick<RunningServer, 'url'>, id: string) =>
  getJson<IncidentDetail>(server, `/api/incidents/${id}`);
