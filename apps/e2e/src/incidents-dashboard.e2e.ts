/**
 * Browser: an incident forming on the fleet appears on the dashboard without a reload, and its page shows
 * the affected PCs and the decoded error, in English and in Chinese.
 */
import { type ScenarioRun, type SimulatedFleet, startScenario } from '@fleetmedic/agent';
import type { RunningServer } from '@fleetmedic/server';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signIn } from './support/browser';
import { ADMIN_PASSWORD, startFleet, startFleetServer, tempDir } from './support/environment';

describe('incidents in Chromium', () => {
  const dir = tempDir('e2e-incidents-dashboard');
  let server: RunningServer;
  let fleet: SimulatedFleet;
  let scenario: ScenarioRun | undefined;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startFleetServer(dir);
    fleet = await startFleet(server, dir, 20);
    await fleet.allReported();
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.addInitScript(() => window.localStorage.setItem('fleetmedic.locale', 'en'));
    await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  });

  afterAll(async () => {
    scenario?.stop();
    await browser?.close();
    await fleet?.stop();
    await server?.close();
  });

  it('shows case A appearing live, then its 5 hosts and the decoded error', async () => {
    await page.goto(`${server.url}/incidents`);
    await page.getByTestId('incident-table').waitFor();
    await page.evaluate(() => ((window as unknown as { pageMark: string }).pageMark = 'same page'));

    scenario = startScenario(fleet, { scenario: 'case-a', affected: 5, seed: 3 });
    const row = page.locator('[data-testid="incident-row"][data-fingerprint="service:spooler:0x80070057"]');
    await row.waitFor();
    await expect(page.evaluate(() => (window as unknown as { pageMark?: string }).pageMark)).resolves.toBe(
      'same page',
    );
    await row.locator('[data-testid="incident-host-count"][data-total="5"]').waitFor();

    await row.locator('a').first().click();
    await page.getByTestId('incident-code').waitFor();
    await expect(page.getByTestId('incident-code').innerText()).resolves.toMatch(
      /0x80070057[\s\S]*E_INVALIDARG/,
    );
    // The meaning comes with the incident's detail, a moment after the summary the list already had.
    const meaning = page.locator('[data-testid="incident-meaning"][data-known="true"]');
    await meaning.waitFor();
    await expect(meaning.innerText()).resolves.toMatch(/parameter is incorrect/i);
    await page.locator('[data-testid="incident-host-row"]').nth(4).waitFor();
    const hostnames = await page
      .locator('[data-testid="incident-host-row"]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-hostname')));
    expect(hostnames.sort()).toEqual(scenario.affectedHosts.map((host) => host.hostname).sort());
    await page
      .locator('[data-testid="incident-known-issue"][data-known-issue-id="spooler-rpc-internet"]')
      .waitFor();

    await page.getByTestId('locale-select').selectOption('zh-CN');
    await page.getByTestId('incident-meaning').getByText('参数错误').waitFor();
    await expect(page.getByTestId('common-factor-row').first().innerText()).resolves.toMatch(
      /存在 HKLM\\Software\\Microsoft\\Rpc\\Internet/i,
    );
  });
});
