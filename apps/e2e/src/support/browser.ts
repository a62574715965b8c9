/** Debian's Chromium driven by playwright-core: no browser download, a fresh profile per launch. */
import { type BrowserContext, chromium } from 'playwright-core';
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
