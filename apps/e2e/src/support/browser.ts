/** Debian's Chromium driven by playwright-core: no browser download, a fresh profile per launch. */
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { tempDir } from './environment';

export const CHROMIUM_PATH = process.env.FLEETMEDIC_CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(tempDir('chromium'), {
    executablePath: CHROMIUM_PATH,
    viewport: { width: 1400, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Signs in through the real sign-in page, as a person would, and waits for the signed-in header. */
export async function signIn(
  page: Page,
  serverUrl: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(`${serverUrl}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.locator(`[data-testid="current-user"]`, { hasText: username }).waitFor();
}
