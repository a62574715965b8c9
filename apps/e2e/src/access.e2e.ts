/**
 * Browser: the dashboard needs a signed-in person and shows each role only what it may do. Signed out, any
 * page lands on sign-in; a wrong password and too many attempts say so; a viewer sees the fleet live but is
 * offered no acknowledge button; an operator is, and it works; a role lowered or a session ended elsewhere
 * shows at once in an open page; signing out closes the live connection.
 */
import { type ScenarioRun, type SimulatedFleet, startScenario } from '@fleetmedic/agent';
import type { AuditList, IncidentList, Role, User } from '@fleetmedic/protocol';
import type { RunningServer } from '@fleetmedic/server';
import type { BrowserContext, Page, WebSocket } from 'playwright-core';
import { launchBrowser, signIn } from './support/browser';
import {
  ADMIN_PASSWORD,
  adminHeaders,
  eventually,
  getJson,
  listHosts,
  startFleet,
  startFleetServer,
  tempDir,
} from './support/environment';

const PASSWORD = 'a-long-enough-password';

async function createUser(server: RunningServer, username: string, role: Role): Promise<string> {
  const response = await fetch(`${server.url}/api/users`, {
    method: 'POST',
    headers: { ...adminHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD, role }),
  });
  if (response.status !== 201) throw new Error(`create ${username}: ${response.status}`);
  return ((await response.json()) as User).id;
}

/** What an admin does elsewhere (the API, another browser) while the person's page stays open. */
async function setRole(server: RunningServer, userId: string, role: Role): Promise<void> {
  const response = await fetch(`${server.url}/api/users/${userId}`, {
    method: 'PATCH',
    headers: { ...adminHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({ role }),
  });
  if (!response.ok) throw new Error(`set role of ${userId}: ${response.status}`);
}

async function failLogin(server: RunningServer, username: string): Promise<number> {
  const response = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'guessing-the-password' }),
  });
  return response.status;
}

describe('access in Chromium', () => {
  const dir = tempDir('e2e-access');
  let server: RunningServer;
  let fleet: SimulatedFleet;
  let scenario: ScenarioRun | undefined;
  let browser: BrowserContext;
  let page: Page;
  let incidentId: string;
  let operatorId: string;
  /** Every WebSocket the page opened, in order: the live connection rides on the latest. */
  const sockets: WebSocket[] = [];

  beforeAll(async () => {
    server = await startFleetServer(dir);
    await createUser(server, 'vivian', 'viewer');
    operatorId = await createUser(server, 'otto', 'operator');
    fleet = await startFleet(server, dir, 5);
    await fleet.allReported();
    scenario = startScenario(fleet, { scenario: 'case-a', affected: 2, seed: 7 });
    const [incident] = await eventually(
      () => getJson<IncidentList>(server, '/api/incidents?status=open').then((body) => body.incidents),
      (incidents) => incidents.length === 1,
    );
    incidentId = incident!.id;
    browser = await launchBrowser();
    page = await browser.newPage();
    page.on('websocket', (socket) => sockets.push(socket));
    await page.addInitScript(() => window.localStorage.setItem('fleetmedic.locale', 'en'));
  });

  afterAll(async () => {
    scenario?.stop();
    await browser?.close();
    await fleet?.stop();
    await server?.close();
  });

  it('sends a signed-out person to sign in, and says when the password is wrong', async () => {
    await page.goto(`${server.url}/incidents/${incidentId}`);
    await page.getByTestId('login-form').waitFor();
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/incidents/${incidentId}`);

    await page.getByTestId('login-username').fill('vivian');
    await page.getByTestId('login-password').fill('not-her-password');
    await page.getByTestId('login-submit').click();
    await page.locator('[data-testid="login-error"][data-code="INVALID_CREDENTIALS"]').waitFor();
    await expect(page.getByTestId('login-error').innerText()).resolves.toBe('Wrong user name or password.');
    // Nothing signed in, nothing live.
    expect(sockets).toHaveLength(0);
  });

  it('says how long to wait once a user name has been guessed at too often', async () => {
    // The server allows 10 failures per user name and address in 15 minutes; a made-up name keeps the
    // other people of this spec unaffected.
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await expect(failLogin(server, 'mallory')).resolves.toBe(401);
    }
    await page.getByTestId('login-username').fill('mallory');
    await page.getByTestId('login-password').fill('one-more-guess');
    await page.getByTestId('login-submit').click();
    const error = page.locator('[data-testid="login-error"][data-code="TOO_MANY_ATTEMPTS"]');
    await error.waitFor();
    await expect(error.innerText()).resolves.toBe('Too many failed sign-ins. Try again in 15 min.');
  });

  it('shows a viewer the fleet live and the incident, with nothing to acknowledge', async () => {
    await signIn(page, server.url, 'vivian', PASSWORD);
    await expect(page.getByTestId('current-role').getAttribute('data-role')).resolves.toBe('viewer');
    await page.getByTestId('live-status').and(page.locator('[data-state="live"]')).waitFor();
    await page.locator('[data-testid="host-row"]').nth(4).waitFor();

    await page.goto(`${server.url}/incidents/${incidentId}`);
    await page.getByTestId('incident-code').waitFor();
    await expect(page.getByTestId('incident-ack').count()).resolves.toBe(0);
    await expect(page.getByTestId('nav-users').count()).resolves.toBe(0);
    await expect(page.getByTestId('nav-audit').count()).resolves.toBe(0);
    // Typing the address does not open an admin page either.
    await page.goto(`${server.url}/users`);
    await page.locator('[data-testid="host-row"]').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
  });

  it('ends the session on sign-out: back to sign in, and the live connection closes', async () => {
    const live = sockets.at(-1)!;
    expect(live.isClosed()).toBe(false);
    const closed = live.waitForEvent('close');
    await page.getByTestId('logout-button').click();
    await page.getByTestId('login-form').waitFor();
    await closed;
    await expect(page.getByTestId('live-status').count()).resolves.toBe(0);
    // The session is gone on the server too: the API refuses the browser's cookie.
    const status = await page.evaluate(async () => (await fetch('/api/hosts')).status);
    expect(status).toBe(401);
  });

  it('offers an operator the acknowledge button, and takes it away the moment the role is lowered', async () => {
    await signIn(page, server.url, 'otto', PASSWORD);
    await page.goto(`${server.url}/incidents/${incidentId}`);
    const ack = page.getByTestId('incident-ack');
    await ack.and(page.locator('[data-acknowledged="false"]')).waitFor();

    await setRole(server, operatorId, 'viewer');
    await ack.waitFor({ state: 'detached' });
    await page.locator('[data-testid="current-role"][data-role="viewer"]').waitFor();
    // Still signed in and on the same page: only what the role no longer allows went away.
    expect(new URL(page.url()).pathname).toBe(`/incidents/${incidentId}`);

    await setRole(server, operatorId, 'operator');
    await page.locator('[data-testid="current-role"][data-role="operator"]').waitFor();
    await ack.and(page.locator('[data-acknowledged="false"]')).waitFor();
  });

  it('lets an operator acknowledge', async () => {
    const ack = page.getByTestId('incident-ack');
    await ack.click();
    await ack.and(page.locator('[data-acknowledged="true"]')).waitFor();
    const { incidents } = await getJson<IncidentList>(server, '/api/incidents?status=open');
    expect(incidents[0]?.acknowledgedAt).toEqual(expect.any(String));
  });

  it('sends an open page to sign in when its session is ended elsewhere, and back after', async () => {
    // The same session, signed out through the API rather than the page's button.
    const logout = await page.request.post(`${server.url}/api/auth/logout`, {
      headers: { origin: server.url },
    });
    expect(logout.status()).toBe(204);
    await page.getByTestId('login-form').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe(`/incidents/${incidentId}`);

    await page.getByTestId('login-username').fill('otto');
    await page.getByTestId('login-password').fill(PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('incident-ack').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/incidents/${incidentId}`);
  });

  it('lets an admin add a user, read the audit log and revoke an agent, which goes offline at once', async () => {
    await page.getByTestId('logout-button').click();
    await page.getByTestId('login-form').waitFor();
    await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('nav-users').click();
    await page.getByTestId('user-table').waitFor();
    await page.getByTestId('new-username').fill('ursula');
    await page.getByTestId('new-password').fill(PASSWORD);
    await page.getByTestId('new-role').selectOption('approver');
    await page.getByTestId('new-submit').click();
    await page.locator('[data-testid="user-row"][data-username="ursula"]').waitFor();

    await page.getByTestId('nav-audit').click();
    await page.locator('[data-testid="audit-row"][data-action="user.created"]').first().waitFor();
    await page
      .locator('[data-testid="audit-row"][data-action="auth.login"][data-outcome="failure"]')
      .first()
      .waitFor();

    const host = fleet.agents[4]!;
    await page.goto(`${server.url}/hosts/${host.hostId}`);
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('host-revoke').click();
    await page.getByTestId('host-revoked').waitFor();
    await eventually(
      () => listHosts(server),
      (hosts) => hosts.find((candidate) => candidate.id === host.hostId)?.online === false,
    );
    // Audited as the admin's own act through the dashboard session, not a token.
    const audit = await getJson<AuditList>(server, '/api/audit?action=agent.revoked');
    expect(audit.events[0]).toMatchObject({
      target: `agent:${host.hostId}`,
      actor: { kind: 'user', name: 'admin', tokenId: null },
    });
  });
});
