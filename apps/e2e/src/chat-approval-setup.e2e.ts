/**
 * Browser: what an admin sets up so that approvers can approve from chat. A Slack channel gets the app's
 * signing secret (asked for when the button is on, write-only, kept when left empty, removed with the
 * button), and a Feishu channel becomes an app bot whose malformed ids are named. On the Users page an
 * approver's Slack account is linked (a malformed member ID is named first), the same account cannot be
 * linked to someone else (the server's 409 is shown), and it is unlinked again.
 */
import type { ChannelList } from '@fleetmedic/protocol';
import type { RunningServer } from '@fleetmedic/server';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signIn } from './support/browser';
import { ADMIN_PASSWORD, getJson, startFleetServer, tempDir } from './support/environment';
import { createUser } from './support/users';

const SLACK_SECRET = '8f742231b10e8888abcd99e1d2c3b4a5';

describe('approving from chat: the setup in Chromium', () => {
  const dir = tempDir('e2e-chat-setup');
  let server: RunningServer;
  let browser: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    server = await startFleetServer(dir, 0, {
      FLEETMEDIC_ALERT_ALLOW_HTTP: 'true',
      FLEETMEDIC_ALERT_ALLOWED_HOSTS: '127.0.0.1:9',
    });
    await createUser(server, 'alice', 'approver');
    await createUser(server, 'bob', 'approver');
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.addInitScript(() => window.localStorage.setItem('fleetmedic.locale', 'en'));
    await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const problem = (field: string) => page.locator(`[data-testid="channel-problem"][data-field="${field}"]`);
  const slackState = async () =>
    (await getJson<ChannelList>(server, '/api/channels')).channels.find(
      (channel) => channel.name === 'Slack ops',
    )?.approval;

  it('gives a Slack channel the app’s signing secret, write-only, and removes it with the button', async () => {
    await page.getByTestId('nav-channels').click();
    await page.getByTestId('channel-add').click();
    const form = page.getByTestId('channel-form');
    await form.getByTestId('channel-type-select').selectOption('slack');
    await form.getByTestId('channel-name').fill('Slack ops');
    await form.getByTestId('channel-webhook-url').fill('http://127.0.0.1:9/services/T000/B000/XXXXXXXX');
    await form.getByTestId('channel-slack-button').check();
    await form.getByTestId('channel-submit').click();
    await expect(problem('slackSigningSecret').innerText()).resolves.toBe(
      'The button needs the Slack app’s signing secret; or turn the button off.',
    );
    await form.getByTestId('channel-slack-secret').fill(SLACK_SECRET);
    await form.getByTestId('channel-submit').click();
    await form.waitFor({ state: 'detached' });
    await expect(slackState()).resolves.toMatchObject({ slackSigningSecretConfigured: true });
    expect(await page.content()).not.toContain(SLACK_SECRET);

    const row = page.locator('[data-testid="channel-row"][data-name="Slack ops"]');
    await row.getByTestId('channel-edit').click();
    const edit = page.locator('[data-testid="channel-form"][data-mode="edit"]');
    await expect(edit.getByTestId('channel-slack-button').isChecked()).resolves.toBe(true);
    await expect(edit.getByTestId('channel-slack-secret').inputValue()).resolves.toBe('');
    // Left empty, the stored secret stays.
    await edit.getByTestId('channel-name').fill('Slack ops');
    await edit.getByTestId('channel-min-hosts').fill('2');
    await edit.getByTestId('channel-submit').click();
    await edit.waitFor({ state: 'detached' });
    await expect(slackState()).resolves.toMatchObject({ slackSigningSecretConfigured: true });

    await row.getByTestId('channel-edit').click();
    await edit.getByTestId('channel-slack-button').uncheck();
    await edit.getByTestId('channel-submit').click();
    await edit.waitFor({ state: 'detached' });
    await expect(slackState()).resolves.toMatchObject({ slackSigningSecretConfigured: false });
  });

  it('names the malformed ids of a Feishu app bot before sending', async () => {
    await page.getByTestId('channel-add').click();
    const form = page.getByTestId('channel-form');
    await form.getByTestId('channel-type-select').selectOption('feishu');
    await form.getByTestId('channel-feishu-app').check();
    await form.getByTestId('channel-feishuAppId').fill('a1b2c3');
    await form.getByTestId('channel-submit').click();
    await expect(problem('feishuAppId').innerText()).resolves.toBe('The App ID, e.g. cli_a1b2c3d4e5f6.');
    await expect(problem('feishuEncryptKey').innerText()).resolves.toBe(
      'Needed for the app bot; or send as a custom bot.',
    );
    await form.getByTestId('channel-cancel').click();
  });

  it('links an approver’s Slack account, refuses it for someone else, and unlinks it', async () => {
    await page.getByTestId('nav-users').click();
    await page
      .locator('[data-testid="user-row"][data-username="alice"]')
      .getByTestId('user-chat-toggle')
      .click();
    const alice = page.locator('[data-testid="chat-identities"][data-username="alice"]');
    await alice.getByTestId('chat-identities-none').waitFor();
    await alice.getByTestId('chat-identity-slackUserId').fill('alice');
    await alice.getByTestId('chat-identity-slackTeamId').fill('T0123ABCD');
    await alice.getByTestId('chat-identity-submit').click();
    await expect(
      alice.locator('[data-testid="chat-identity-problem"][data-field="slackUserId"]').innerText(),
    ).resolves.toMatch(/Slack member ID/);
    await alice.getByTestId('chat-identity-slackUserId').fill('U0123ABCD');
    await alice.getByTestId('chat-identity-submit').click();
    await expect(alice.getByTestId('chat-identity').innerText()).resolves.toContain('U0123ABCD @ T0123ABCD');

    await page
      .locator('[data-testid="user-row"][data-username="bob"]')
      .getByTestId('user-chat-toggle')
      .click();
    const bob = page.locator('[data-testid="chat-identities"][data-username="bob"]');
    await bob.getByTestId('chat-identity-slackUserId').fill('U0123ABCD');
    await bob.getByTestId('chat-identity-slackTeamId').fill('T0123ABCD');
    await bob.getByTestId('chat-identity-submit').click();
    await expect(bob.getByTestId('chat-identity-error').innerText()).resolves.toMatch(
      /already linked to alice/,
    );
    await expect(bob.getByTestId('chat-identity').count()).resolves.toBe(0);

    await alice.getByTestId('chat-identity-unlink').click();
    await alice.getByTestId('chat-identities-none').waitFor();
  });
});
