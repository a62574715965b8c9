/**
 * Browser: chat channels from the dashboard, against a real HTTP server standing in for the receiver. An
 * admin adds a signed generic webhook (a forgotten URL and an address the server's policy refuses are named
 * beside the URL field), sends a test message that the receiver gets and can verify, and sees it delivered;
 * a message the receiver refuses becomes a dead letter that is sent again from the channel's deliveries.
 * A case A incident's alert shows on its page as delivered, in English and Chinese. A viewer is offered no
 * channels page and is kept out of it by address too. Deleting asks first; the audit log names each change.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ScenarioRun, type SimulatedFleet, startScenario } from '@fleetmedic/agent';
import type { ChannelList, IncidentList, NotificationDeliveryList } from '@fleetmedic/protocol';
import type { RunningServer } from '@fleetmedic/server';
import type { BrowserContext, Page } from 'playwright-core';
import { launchBrowser, signIn } from './support/browser';
import {
  ADMIN_PASSWORD,
  eventually,
  getJson,
  startFleet,
  startFleetServer,
  tempDir,
} from './support/environment';
import { createUser, USER_PASSWORD } from './support/users';

const CASE_A = 'service:spooler:0x80070057';
const SIGNING_SECRET = 'e2e-webhook-signing-secret-42';
/** The path part of the webhook URL: a credential like the secret, never to be shown back. */
const HOOK_PATH = '/hooks/fleetmedic-7f3a9c';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: { kind?: string; incident?: { id?: string } | null; title?: string };
  answered: number;
}

/** A webhook receiver on a free local port: records each request, answers 200 unless told otherwise. */
class Receiver {
  readonly received: Received[] = [];
  private nextAnswers: number[] = [];
  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<Receiver> {
    const holder: { receiver?: Receiver } = {};
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const status = holder.receiver!.nextAnswers.shift() ?? 200;
        const body = Buffer.concat(chunks).toString('utf8');
        holder.receiver!.received.push({
          headers: request.headers,
          body,
          json: JSON.parse(body) as Received['json'],
          answered: status,
        });
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(status < 300 ? '{"ok":true}' : '{"error":"this hook is gone"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    holder.receiver = new Receiver(server);
    return holder.receiver;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  answerNext(status: number): void {
    this.nextAnswers.push(status);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** The check docs/alerts.md gives receivers of the generic webhook. */
function signatureValid(received: Received, secret: string): boolean {
  const timestamp = String(received.headers['x-fleetmedic-timestamp'] ?? '');
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const expected =
    'sha256=' + crypto.createHmac('sha256', secret).update(`${timestamp}.${received.body}`).digest('hex');
  const given = String(received.headers['x-fleetmedic-signature'] ?? '');
  return (
    given.length === expected.length && crypto.timingSafeEqual(Buffer.from(given), Buffer.from(expected))
  );
}

describe('chat channels in Chromium', () => {
  const dir = tempDir('e2e-channels-dashboard');
  let receiver: Receiver;
  let server: RunningServer;
  let fleet: SimulatedFleet;
  let scenario: ScenarioRun | undefined;
  let browser: BrowserContext;
  let page: Page;
  let channelId: string;

  beforeAll(async () => {
    receiver = await Receiver.start();
    server = await startFleetServer(dir, 0, {
      // docs/alerts.md: plain http and a loopback receiver only because they are allowed explicitly.
      FLEETMEDIC_ALERT_ALLOW_HTTP: 'true',
      FLEETMEDIC_ALERT_ALLOWED_HOSTS: `127.0.0.1:${receiver.port}`,
      FLEETMEDIC_ALERT_GROUP_WAIT_MS: '1000',
    });
    await createUser(server, 'vivian', 'viewer');
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
    await receiver?.close();
  });

  const hookUrl = () => `http://127.0.0.1:${receiver.port}${HOOK_PATH}`;
  const row = () => page.locator(`[data-testid="channel-row"][data-channel-id="${channelId}"]`);
  const problem = (field: string) => page.locator(`[data-testid="channel-problem"][data-field="${field}"]`);

  it('lets an admin add a signed generic webhook, naming what is wrong beside its field', async () => {
    await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('nav-channels').click();
    await page.getByTestId('channel-empty').waitFor();
    await page.getByTestId('channel-add').click();
    const form = page.getByTestId('channel-form');
    await expect(form.getByTestId('channel-type-select').inputValue()).resolves.toBe('webhook');
    // A generic webhook is signed by default.
    await expect(form.getByTestId('channel-signing').isChecked()).resolves.toBe(true);

    await form.getByTestId('channel-name').fill('Ops relay');
    await form.getByTestId('channel-submit').click();
    await expect(problem('webhookUrl').innerText()).resolves.toBe(
      'Paste the webhook URL the platform gave you.',
    );
    await expect(problem('signingSecret').innerText()).resolves.toBe(
      'Signing needs the secret; or turn signing off.',
    );

    // The server's URL policy: a private address that is not on the allowed list.
    await form.getByTestId('channel-webhook-url').fill('http://10.20.30.40/hook');
    await form.getByTestId('channel-secret').fill(SIGNING_SECRET);
    await form.getByTestId('channel-min-hosts').fill('3');
    await form.getByTestId('channel-submit').click();
    await page.getByTestId('channel-refused').waitFor();
    await expect(problem('webhookUrl').innerText()).resolves.toMatch(/10\.20\.30\.40|private/i);
    await expect(problem('signingSecret').count()).resolves.toBe(0);
    await expect(page.getByTestId('channel-row').count()).resolves.toBe(0);

    await form.getByTestId('channel-webhook-url').fill(hookUrl());
    await form.getByTestId('channel-submit').click();
    await form.waitFor({ state: 'detached' });
    const added = page.locator('[data-testid="channel-row"][data-name="Ops relay"]');
    await added.waitFor();
    channelId = (await added.getAttribute('data-channel-id'))!;
    await expect(row().getByTestId('channel-type').innerText()).resolves.toBe('Generic webhook');
    await expect(row().getByTestId('channel-origin').innerText()).resolves.toBe(
      `http://127.0.0.1:${receiver.port}`,
    );
    await expect(row().getByTestId('channel-signing-state').getAttribute('data-signing')).resolves.toBe('on');
    await expect(row().getByTestId('channel-filters').innerText()).resolves.toBe('From 3 PCs');
    await expect(row().getAttribute('data-health')).resolves.toBe('idle');

    // Write-only: neither the page nor the API shows the URL's path or the secret again.
    const html = await page.content();
    expect(html).not.toContain(HOOK_PATH);
    expect(html).not.toContain(SIGNING_SECRET);
    const answer = JSON.stringify(await getJson<ChannelList>(server, '/api/channels'));
    expect(answer).not.toContain(HOOK_PATH);
    expect(answer).not.toContain(SIGNING_SECRET);
  });

  it('changes the filter and keeps the stored URL and secret when their fields stay empty', async () => {
    await row().getByTestId('channel-edit').click();
    const form = page.locator('[data-testid="channel-form"][data-mode="edit"]');
    await expect(form.getByTestId('channel-webhook-url').inputValue()).resolves.toBe('');
    await expect(form.getByTestId('channel-secret').inputValue()).resolves.toBe('');
    await form.getByTestId('channel-min-hosts').fill('1');
    await form.getByTestId('channel-submit').click();
    await form.waitFor({ state: 'detached' });
    await expect(row().getByTestId('channel-filters').innerText()).resolves.toBe('Every incident');
  });

  it('sends a test message the receiver gets, signed, and shows it delivered', async () => {
    await row().getByTestId('channel-test').click();
    const result = page.getByTestId('channel-test-result');
    await result.and(page.locator('[data-state="delivered"]')).waitFor();
    await expect(result.innerText()).resolves.toMatch(/Test message delivered/);

    expect(receiver.received).toHaveLength(1);
    const [test] = receiver.received;
    expect(test!.json).toMatchObject({ kind: 'test' });
    expect(signatureValid(test!, SIGNING_SECRET)).toBe(true);

    await row().and(page.locator('[data-health="ok"]')).waitFor();
    await row().getByTestId('channel-deliveries-open').click();
    const deliveries = page.getByTestId('channel-deliveries');
    await deliveries
      .locator('[data-testid="delivery-row"][data-kind="test"][data-state="delivered"]')
      .waitFor();
  });

  it('keeps a refused message as a dead letter, and sends it again on request', async () => {
    receiver.answerNext(410);
    await row().getByTestId('channel-test').click();
    await page.locator('[data-testid="channel-test-result"][data-state="dead"]').waitFor();
    await row().and(page.locator('[data-dead="1"][data-health="failing"]')).waitFor();

    const dead = page.locator('[data-testid="delivery-row"][data-state="dead"]');
    await dead.waitFor();
    await expect(dead.getByTestId('delivery-error').innerText()).resolves.toMatch(/410/);
    const deliveryId = await dead.getAttribute('data-delivery-id');
    await dead.getByTestId('delivery-retry').click();
    await page
      .locator(`[data-testid="delivery-row"][data-delivery-id="${deliveryId}"][data-state="delivered"]`)
      .waitFor();
    await row().and(page.locator('[data-dead="0"][data-health="ok"]')).waitFor();
    // The test's outcome shown under the row was the dead letter's: it goes once that was sent again.
    await expect(page.getByTestId('channel-test-result').count()).resolves.toBe(0);
    // The list reads its counts again while a message is queued, until none is.
    await row()
      .getByText(/queued/)
      .waitFor({ state: 'detached' });
    expect(receiver.received.map((request) => request.answered)).toEqual([200, 410, 200]);
  });

  it('shows on a case A incident’s page that its alert was delivered, in English and Chinese', async () => {
    scenario = startScenario(fleet, { scenario: 'case-a', affected: 5, seed: 3 });
    const [incident] = await eventually(
      () => getJson<IncidentList>(server, '/api/incidents?status=open').then((body) => body.incidents),
      (incidents) => incidents.some((candidate) => candidate.fingerprint === CASE_A),
    );
    await page.goto(`${server.url}/incidents/${incident!.id}`);
    const panel = page.getByTestId('incident-notifications');
    const opened = panel.locator(
      '[data-testid="incident-notification"][data-kind="opened"][data-state="delivered"]',
    );
    // Delivered after the group wait; the page reads the status again by itself.
    await opened.waitFor({ timeout: 30_000 });
    await expect(
      panel.locator('[data-testid="incident-notification-channel"]').getAttribute('data-channel-name'),
    ).resolves.toBe('Ops relay');
    await expect(opened.getByTestId('delivery-state').innerText()).resolves.toMatch(/Delivered$/);
    await expect(opened.getByTestId('incident-notification-headline').innerText()).resolves.toMatch(
      /Spooler.*0x80070057/,
    );

    const alert = receiver.received.find((request) => request.json.kind === 'opened');
    expect(alert?.json.incident?.id).toBe(incident!.id);
    expect(signatureValid(alert!, SIGNING_SECRET)).toBe(true);
    const { deliveries } = await getJson<NotificationDeliveryList>(
      server,
      `/api/incidents/${incident!.id}/notifications`,
    );
    expect(deliveries.find((delivery) => delivery.kind === 'opened')?.status).toBe('delivered');

    await page.getByTestId('locale-select').selectOption('zh-CN');
    await expect(opened.getByTestId('delivery-state').innerText()).resolves.toMatch(/已送达$/);
    await expect(opened.locator('.incident-notifications__kind').innerText()).resolves.toBe('新故障');
    await expect(panel.locator('.panel__title').innerText()).resolves.toBe('告警消息');
    await page.getByTestId('locale-select').selectOption('en');
  });

  it('offers a viewer no channels page, keeps them out of it by address, and shows them the delivery status', async () => {
    const { incidents } = await getJson<IncidentList>(server, '/api/incidents?status=all');
    const incidentId = incidents.find((candidate) => candidate.fingerprint === CASE_A)!.id;
    await page.getByTestId('logout-button').click();
    await page.getByTestId('login-form').waitFor();
    await signIn(page, server.url, 'vivian', USER_PASSWORD);
    await expect(page.getByTestId('nav-channels').count()).resolves.toBe(0);

    await page.goto(`${server.url}/channels`);
    await page.locator('[data-testid="host-row"]').first().waitFor();
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.getByTestId('channel-table').count()).resolves.toBe(0);
    // The API refuses the viewer too.
    const status = await page.evaluate(async () => (await fetch('/api/channels')).status);
    expect(status).toBe(403);

    await page.goto(`${server.url}/incidents/${incidentId}`);
    await page
      .locator('[data-testid="incident-notification"][data-kind="opened"][data-state="delivered"]')
      .waitFor();
    await expect(page.getByTestId('incident-notifications-manage').count()).resolves.toBe(0);
  });

  it('deletes a channel after a confirmation, and the audit log names each change in words', async () => {
    await page.getByTestId('logout-button').click();
    await page.getByTestId('login-form').waitFor();
    await signIn(page, server.url, 'admin', ADMIN_PASSWORD);
    await page.getByTestId('nav-channels').click();
    await row().getByTestId('channel-delete').click();
    await expect(row().getByRole('alertdialog').innerText()).resolves.toMatch(/^Delete Ops relay\?/);
    await row().getByTestId('channel-delete-yes').click();
    await page.getByTestId('channel-empty').waitFor();
    await expect(getJson<ChannelList>(server, '/api/channels')).resolves.toEqual({ channels: [] });

    await page.getByTestId('nav-audit').click();
    for (const [action, label] of [
      ['channel.created', 'Chat channel added'],
      ['channel.tested', 'Test message sent'],
      ['channel.delivery_retried', 'Dead letter sent again'],
      ['channel.deleted', 'Chat channel deleted'],
    ]) {
      const event = page.locator(`[data-testid="audit-row"][data-action="${action}"]`).first();
      await event.waitFor();
      await expect(event.innerText()).resolves.toContain(label);
    }
  });
});
