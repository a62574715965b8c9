/**
 * Browser: the signed "Approve fix" link a chat message carries into the dashboard. A case A incident's
 * alert, sent to a generic webhook (a real HTTP receiver) by a server with FLEETMEDIC_PUBLIC_URL, carries
 * the link; opened signed out, it goes through the sign-in page and lands on the incident's Fix panel. The
 * same link with its signature altered says it is not FleetMedic's and approves nothing.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { type ScenarioRun, type SimulatedFleet, startScenario } from '@fleetmedic/agent';
import type { IncidentList } from '@fleetmedic/protocol';
import type { RunningServer } from '@fleetmedic/server';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './support/browser';
import {
  ADMIN_PASSWORD,
  adminHeaders,
  eventually,
  getJson,
  startFleet,
  startFleetServer,
  tempDir,
} from './support/environment';

const CASE_A = 'service:spooler:0x80070057';

interface AlertBody {
  kind?: string;
  incident?: { id?: string } | null;
  title?: string;
  actions?: { id: string; label: string; url: string | null }[];
}

/** A webhook receiver on a free local port that keeps each message's JSON body. */
async function startReceiver(): Promise<{ server: http.Server; port: number; bodies: AlertBody[] }> {
  const bodies: AlertBody[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as AlertBody);
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, bodies };
}

/** A port free right now: the public URL has to name the server's port before the server starts. */
async function freePort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('approval links in Chromium', () => {
  const dir = tempDir('e2e-approval-link');
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let server: RunningServer;
  let fleet: SimulatedFleet;
  let scenario: ScenarioRun | undefined;
  let browser: BrowserContext;
  let page: Page;
  let link: string;
  let incidentId: string;

  beforeAll(async () => {
    receiver = await startReceiver();
    const port = await freePort();
    server = await startFleetServer(dir, port, {
      FLEETMEDIC_PUBLIC_URL: `http://127.0.0.1:${port}`,
      FLEETMEDIC_ALERT_ALLOW_HTTP: 'true',
      FLEETMEDIC_ALERT_ALLOWED_HOSTS: `127.0.0.1:${receiver.port}`,
      FLEETMEDIC_ALERT_GROUP_WAIT_MS: '1000',
    });
    const created = await fetch(`${server.url}/api/channels`, {
      method: 'POST',
      headers: { ...adminHeaders, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Ops relay',
        type: 'webhook',
        webhookUrl: `http://127.0.0.1:${receiver.port}/hooks/approve`,
        language: 'en',
        signing: false,
      }),
    });
    if (created.status !== 201) throw new Error(`POST /api/channels answered ${created.status}`);
    fleet = await startFleet(server, dir, 10);
    await fleet.allReported();
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.addInitScript(() => window.localStorage.setItem('fleetmedic.locale', 'en'));
  });

  afterAll(async () => {
    scenario?.stop();
    await browser?.close();
    await fleet?.stop();
    await server?.close();
    receiver?.server.closeAllConnections();
    await new Promise<void>((resolve) => (receiver ? receiver.server.close(() => resolve()) : resolve()));
  });

  it("carries a signed link in a case A incident's alert", async () => {
    scenario = startScenario(fleet, { scenario: 'case-a', affected: 5, seed: 3 });
    const [alert] = await eventually(
      async () => receiver.bodies.filter((body) => body.kind === 'opened'),
      (opened) => opened.length > 0,
      30_000,
    );
    incidentId = alert!.incident!.id!;
    const { incidents } = await getJson<IncidentList>(server, '/api/incidents?status=open');
    expect(incidents.find((incident) => incident.id === incidentId)?.fingerprint).toBe(CASE_A);
    const approve = alert!.actions?.find((action) => action.id === 'approve-fix');
    expect(approve?.url).toMatch(new RegExp(`^${server.url}/approve/[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+$`));
    link = approve!.url!;
  });

  it("lands on the incident's Fix panel after sign-in", async () => {
    await page.goto(link);
    await page.getByTestId('login-username').fill('admin');
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    const panel = page.getByTestId('remediation-panel');
    await panel.waitFor();
    const url = new URL(page.url());
    expect(url.pathname).toBe(`/incidents/${incidentId}`);
    expect(url.hash).toBe('#fix');
    await expect(panel.getAttribute('data-playbook-id')).resolves.not.toBe('');
  });

  it('says an altered link is not FleetMedic’s and approves nothing', async () => {
    const [payload, signature] = link.slice(link.lastIndexOf('/') + 1).split('.');
    const altered = `${server.url}/approve/${payload}.${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`;
    await page.goto(altered);
    await page.locator('[data-testid="approval-link"][data-state="invalid"]').waitFor();
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(
      /not an approval link FleetMedic made/,
    );
    expect(new URL(page.url()).pathname).toMatch(/^\/approve\//);
  });
});
