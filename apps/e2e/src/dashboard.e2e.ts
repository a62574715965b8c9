/**
 * Browser: the dashboard, served by the real server, lists a live simulated fleet, shows a host going
 * offline without a reload, and speaks Chinese when asked.
 */
import type { SimulatedFleet } from '@fleetmedic/agent';
import type { RunningServer } from '@fleetmedic/server';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signIn } from './support/browser';
import { ADMIN_PASSWORD, startFleet, startFleetServer, tempDir } from './support/environment';

const FLEET_SIZE = 5;

describe('the dashboard in Chromium', () => {
  const dir = tempDir('e2e-dashboard');
  let server: RunningServer;
  let fleet: SimulatedFleet;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startFleetServer(dir);
    fleet = await startFleet(server, dir, FLEET_SIZE);
    await fleet.allConnected();
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.addInitScript(() => window.localStorage.setItem('fleetmedic.locale', 'en'));
    await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    await fleet?.stop();
    await server?.close();
  });

  const row = (hostname: string) => page.locator(`[data-testid="host-row"][data-hostname="${hostname}"]`);

  it('lists every host of the fleet as online', async () => {
    await page.goto(server.url);
    for (const host of fleet.hosts) {
      await row(host.hostname).and(page.locator('[data-online="true"]')).waitFor();
    }
    await expect(page.locator('[data-testid="host-row"]').count()).resolves.toBe(FLEET_SIZE);
    await expect(page.getByTestId('tile-total').getAttribute('data-value')).resolves.toBe(String(FLEET_SIZE));
    await expect(page.getByTestId('live-status').getAttribute('data-state')).resolves.toBe('live');
  });

  it('shows a host going offline without a reload', async () => {
    await page.evaluate(() => ((window as unknown as { pageMark: string }).pageMark = 'same page'));
    const leaving = fleet.hosts[2]!.hostname;
    await fleet.agents[2]!.stop();

    await row(leaving).and(page.locator('[data-online="false"]')).waitFor();
    await expect(row(leaving).getByTestId('host-online').innerText()).resolves.toMatch(/offline/i);
    await expect(page.getByTestId('tile-offline').getAttribute('data-value')).resolves.toBe('1');
    await expect(page.evaluate(() => (window as unknown as { pageMark?: string }).pageMark)).resolves.toBe(
      'same page',
    );
  });

  it('shows a service failure as it happens, with its code', async () => {
    const failing = fleet.hosts[0]!;
    failing.failServiceStart('Spooler', '0x80070057');
    const cell = row(failing.hostname).locator('[data-service="Spooler"][data-status="failing"]');
    await cell.waitFor();
    await expect(cell.innerText()).resolves.toContain('0x80070057');
  });

  it('switches to Simplified Chinese', async () => {
    await page.getByTestId('locale-select').selectOption('zh-CN');
    await page.getByTestId('tile-total').getByText('主机').waitFor();
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
    const leaving = fleet.hosts[2]!.hostname;
    await expect(row(leaving).getByTestId('host-online').innerText()).resolves.toContain('离线');
  });

  it('opens a host page from its own URL, with its checks', async () => {
    const host = fleet.agents[0]!;
    await page.goto(`${server.url}/hosts/${host.hostId}`);
    await page.getByTestId('host-name').getByText(fleet.hosts[0]!.hostname).waitFor();
    const spooler = page.locator('[data-testid="check-row"][data-target="Spooler"]');
    await expect(spooler.getAttribute('data-status')).resolves.toBe('failing');
  });
});
