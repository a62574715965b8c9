/**
 * Browser: fixing case A from the dashboard. A viewer sees the fix and the rules but may approve nothing;
 * an approver reads the preview (the steps in Windows terms, what undoes them, the PCs with the canary),
 * approves after a confirmation and watches, without reloading, the canary fixed first, then every PC step by
 * step, and the incident resolve; the rules page creates and deletes an auto-fix rule; the audit log names
 * what happened in words. Case B: the steps name the failed KB, and each PC is shown fixed with a restart
 * pending. A canary whose fix fails halts the rollout: the page names the failed step, its message and what
 * was put back, and no other PC is touched; a fix waiting for offline PCs is cancelled from the page.
 */
import { type ScenarioRun, type SimulatedFleet, startScenario } from '@fleetmedic/agent';
import type { AuditList, AutoRuleList, IncidentList, JobList, RolloutList } from '@fleetmedic/protocol';
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
const CASE_B_KB = 'KB5005030';
const CASE_B = `patch:${CASE_B_KB.toLowerCase()}:0x8e5e03fa`;

describe('remediation in Chromium', () => {
  const dir = tempDir('e2e-remediation-dashboard');
  let server: RunningServer;
  let fleet: SimulatedFleet;
  let scenario: ScenarioRun | undefined;
  let browser: BrowserContext;
  let page: Page;
  let incidentId: string;

  beforeAll(async () => {
    server = await startFleetServer(dir, 0, { FLEETMEDIC_INCIDENT_SETTLE_MS: '1000' });
    await createUser(server, 'vivian', 'viewer');
    await createUser(server, 'april', 'approver');
    fleet = await startFleet(server, dir, 20);
    await fleet.allReported();
    scenario = startScenario(fleet, { scenario: 'case-a', affected: 5, seed: 11 });
    const [incident] = await eventually(
      () => getJson<IncidentList>(server, '/api/incidents?status=open').then((body) => body.incidents),
      (incidents) =>
        incidents.some((candidate) => candidate.fingerprint === CASE_A && candidate.hostCount === 5),
    );
    incidentId = incident!.id;
    browser = await launchBrowser();
    page = await browser.newPage();
    await page.addInitScript(() => window.localStorage.setItem('fleetmedic.locale', 'en'));
  });

  afterAll(async () => {
    scenario?.stop();
    await browser?.close();
    await fleet?.stop();
    await server?.close();
  });

  const panel = () => page.getByTestId('remediation-panel');

  it('shows a viewer the fix and the rules, with nothing to approve, create or delete', async () => {
    await signIn(page, server.url, 'vivian', USER_PASSWORD);
    await page.goto(`${server.url}/incidents/${incidentId}`);
    await page.locator('[data-testid="remediation-blocked"][data-reason="role"]').waitFor();
    await expect(page.getByTestId('remediation-blocked').innerText()).resolves.toMatch(
      /needs the approver role/,
    );
    await expect(panel().getByTestId('playbook-step').count()).resolves.toBe(4);
    await expect(page.getByTestId('remediation-approve').count()).resolves.toBe(0);

    await page.getByTestId('nav-rules').click();
    await page.getByTestId('rules-read-only').waitFor();
    await expect(page.getByTestId('rule-form').count()).resolves.toBe(0);
    await page.getByTestId('logout-button').click();
    await page.getByTestId('login-form').waitFor();
  });

  it('shows an approver what the fix does, what undoes it, and the canary among the five PCs', async () => {
    await signIn(page, server.url, 'april', USER_PASSWORD);
    await page.goto(`${server.url}/incidents/${incidentId}`);
    await page.getByTestId('remediation-approve').waitFor();

    await expect(panel().getByTestId('remediation-title').innerText()).resolves.toMatch(/Print Spooler/);
    await expect(panel().locator('[data-testid="risk-badge"]').getAttribute('data-risk')).resolves.toBe(
      'medium',
    );
    await expect(panel().getByTestId('playbook-step').allInnerTexts()).resolves.toEqual([
      'Export HKLM\\Software\\Microsoft\\Rpc\\Internet to backup rpc-internet',
      'Delete HKLM\\Software\\Microsoft\\Rpc\\Internet (backed up in rpc-internet)',
      'Start service Spooler',
      'Check Spooler is running',
    ]);
    const undo = await panel().getByTestId('playbook-rollback-step').allInnerTexts();
    expect(undo).toContain('Import backup rpc-internet into the registry');

    const hosts = panel().getByTestId('plan-host');
    await expect(hosts.count()).resolves.toBe(5);
    const hostnames = await hosts.evaluateAll((rows) => rows.map((row) => row.getAttribute('data-hostname')));
    expect(hostnames.sort()).toEqual(scenario!.affectedHosts.map((host) => host.hostname).sort());
    const canary = panel().locator('[data-testid="plan-host"][data-canary="true"]');
    await expect(canary.count()).resolves.toBe(1);
    await expect(canary.getAttribute('data-online')).resolves.toBe('true');

    await page.getByTestId('locale-select').selectOption('zh-CN');
    await expect(panel().getByTestId('playbook-step').nth(2).innerText()).resolves.toBe('启动服务 Spooler');
    await page.getByTestId('locale-select').selectOption('en');
  });

  it('refuses settings out of bounds before anything is sent', async () => {
    const budget = page.getByTestId('approve-failure-budget');
    await budget.fill('9');
    await expect(page.getByTestId('remediation-approve').isDisabled()).resolves.toBe(true);
    await budget.fill('0');
    await expect(page.getByTestId('remediation-approve').isEnabled()).resolves.toBe(true);
  });

  /** Job rows as the page showed them over time: one entry each time a row's status or steps changed. */
  interface SeenJob {
    hostname: string;
    status: string;
    stepsDone: number;
    canary: boolean;
  }
  const seenJobs = () => page.evaluate(() => (window as unknown as { seenJobs: SeenJob[] }).seenJobs);

  it('approves after a confirmation, and the rollout starts live with the canary first', async () => {
    // Records every change of the job rows from now on, in the page itself, and marks the page so that a
    // reload would show.
    await page.evaluate(() => {
      const seen: SeenJob[] = [];
      const last = new Map<string, string>();
      const record = (): void => {
        for (const row of Array.from(document.querySelectorAll<HTMLElement>('[data-testid="job-row"]'))) {
          const entry = {
            hostname: row.dataset.hostname ?? '',
            status: row.dataset.status ?? '',
            stepsDone: Number(row.dataset.stepsDone),
            canary: row.dataset.canary === 'true',
          };
          const key = `${entry.status}:${entry.stepsDone}:${entry.canary}`;
          if (last.get(entry.hostname) === key) continue;
          last.set(entry.hostname, key);
          seen.push(entry);
        }
      };
      new MutationObserver(record).observe(document.body, {
        subtree: true,
        childList: true,
        attributes: true,
        attributeFilter: ['data-status', 'data-steps-done', 'data-canary'],
      });
      Object.assign(window, { seenJobs: seen, pageMark: 'same page' });
    });
    await page.getByTestId('approve-parallelism').fill('2');
    await page.getByTestId('approve-note').fill('case A from the browser spec');
    await page.getByTestId('remediation-approve').click();
    const confirm = page.getByTestId('approve-confirm');
    await confirm.waitFor();
    const canary = await panel()
      .locator('[data-testid="plan-host"][data-canary="true"]')
      .getAttribute('data-hostname');
    await expect(confirm.innerText()).resolves.toContain(`First ${canary} alone`);
    await page.getByTestId('approve-confirm-run').click();

    await page.getByTestId('rollout').waitFor();
    await page
      .locator('[data-testid="remediation-blocked"], [data-testid="remediation-approve"]')
      .waitFor({ state: 'detached' });
    const jobs = page.getByTestId('job-row');
    await jobs.nth(4).waitFor();
    await expect(jobs.first().getAttribute('data-canary')).resolves.toBe('true');
    await expect(jobs.first().getAttribute('data-hostname')).resolves.toBe(canary);

    const { rollouts } = await getJson<RolloutList>(server, `/api/rollouts?incident=${incidentId}`);
    expect(rollouts).toHaveLength(1);
    expect(rollouts[0]).toMatchObject({
      parallelism: 2,
      failureBudget: 0,
      approvedBy: { username: 'april' },
    });
  });

  it('shows every PC fixed live, step by step, the canary before the others, and the incident resolved', async () => {
    await page.locator('[data-testid="rollout"][data-status="completed"]').waitFor({ timeout: 45_000 });
    const rows = page.getByTestId('job-row');
    const final = await rows.evaluateAll((elements) =>
      elements.map((row) => [row.getAttribute('data-status'), row.getAttribute('data-steps-done')]),
    );
    expect(final).toEqual(Array.from({ length: 5 }, () => ['succeeded', '4']));
    await expect(page.getByTestId('rollout-fixed').getAttribute('data-succeeded')).resolves.toBe('5');

    // What the page showed on its way there, without a reload.
    await expect(page.evaluate(() => (window as unknown as { pageMark?: string }).pageMark)).resolves.toBe(
      'same page',
    );
    const seen = await seenJobs();
    const canary = seen.find((entry) => entry.canary)!.hostname;
    const canaryFixedAt = seen.findIndex(
      (entry) => entry.hostname === canary && entry.status === 'succeeded',
    );
    const othersStartedAt = seen.findIndex(
      (entry) => entry.hostname !== canary && ['sent', 'running', 'succeeded'].includes(entry.status),
    );
    expect(canaryFixedAt).toBeGreaterThanOrEqual(0);
    expect(othersStartedAt).toBeGreaterThan(canaryFixedAt);
    // The others were seen waiting for the canary, then fixed: progress arrived live, not in one final read.
    for (const host of scenario!.affectedHosts.filter((candidate) => candidate.hostname !== canary)) {
      const states = seen.filter((entry) => entry.hostname === host.hostname).map((entry) => entry.status);
      expect(states[0]).toBe('pending');
      expect(states.at(-1)).toBe('succeeded');
    }
    // Step by step: the canary's steps were seen counting up while it ran, never down on any PC.
    expect(
      seen.some((entry) => entry.hostname === canary && entry.status === 'running' && entry.stepsDone > 0),
    ).toBe(true);
    for (const host of scenario!.affectedHosts) {
      const counts = seen.filter((entry) => entry.hostname === host.hostname).map((entry) => entry.stepsDone);
      expect(counts).toEqual([...counts].sort((a, b) => a - b));
    }
    // The waves as approved: never more than 2 PCs at a time after the canary.
    const busy = new Set<string>();
    let mostAtOnce = 0;
    for (const entry of seen.filter((candidate) => candidate.hostname !== canary)) {
      if (['sent', 'running'].includes(entry.status)) busy.add(entry.hostname);
      else busy.delete(entry.hostname);
      mostAtOnce = Math.max(mostAtOnce, busy.size);
    }
    expect(mostAtOnce).toBeLessThanOrEqual(2);

    // The PCs report the spooler running again; the incident resolves on the page by itself.
    await page
      .locator('[data-testid="incident-status"][data-status="resolved"]')
      .waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="remediation-blocked"][data-reason="noHosts"]').waitFor();
    const { jobs } = await getJson<JobList>(server, `/api/jobs?incident=${incidentId}`);
    expect(jobs.map((job) => job.status)).toEqual(Array.from({ length: 5 }, () => 'succeeded'));
  });

  it('creates an auto-fix rule for a known issue, then deletes it after a confirmation', async () => {
    await page.getByTestId('nav-rules').click();
    const form = page.getByTestId('rule-form');
    await form.waitFor();
    await page
      .locator('[data-testid="rule-known-issue"] option[value="spooler-rpc-internet"]')
      .waitFor({ state: 'attached' });
    await page.getByTestId('rule-known-issue').selectOption('spooler-rpc-internet');
    await expect(page.getByTestId('rule-playbook').locator('option').first().innerText()).resolves.toMatch(
      /known issue’s/,
    );
    await page.getByTestId('rule-tags').fill('site-a, kiosk');
    await page.getByTestId('rule-cap-input').fill('3');
    await page.getByTestId('rule-submit').click();

    const row = page.locator('[data-testid="rule-row"][data-known-issue-id="spooler-rpc-internet"]');
    await row.waitFor();
    await expect(row.getByTestId('rule-tag').allInnerTexts()).resolves.toEqual(['site-a', 'kiosk']);
    await expect(row.getByTestId('rule-cap').getAttribute('data-max')).resolves.toBe('3');
    const { rules } = await getJson<AutoRuleList>(server, '/api/auto-remediation-rules');
    expect(rules).toMatchObject([
      { knownIssueId: 'spooler-rpc-internet', playbookId: 'spooler-rpc-internet', tags: ['site-a', 'kiosk'] },
    ]);
    expect(rules[0]!.createdBy.username).toBe('april');

    await row.getByTestId('rule-delete').click();
    await row.getByTestId('rule-delete-yes').click();
    await row.waitFor({ state: 'detached' });
    await page.getByTestId('rule-empty').waitFor();
    await expect(getJson<AutoRuleList>(server, '/api/auto-remediation-rules')).resolves.toEqual({
      rules: [],
    });
  });

  it('names the approval and the rule changes in the audit log', async () => {
    await page.getByTestId('nav-audit').click();
    const label = (action: string) =>
      page
        .locator(`[data-testid="audit-row"][data-action="${action}"] [data-testid="audit-action-label"]`)
        .first();
    await expect(label('remediation.approved').innerText()).resolves.toBe('Fix approved');
    await expect(label('auto-rule.created').innerText()).resolves.toBe('Auto-fix rule created');
    await expect(label('auto-rule.deleted').innerText()).resolves.toBe('Auto-fix rule deleted');
    const audit = await getJson<AuditList>(server, '/api/audit?action=remediation.approved');
    expect(audit.events[0]?.actor).toMatchObject({ kind: 'user', name: 'april' });
  });
});

describe('case B remediation in Chromium', () => {
  const dir = tempDir('e2e-remediation-case-b');
  let server: RunningServer;
  let fleet: SimulatedFleet;
  let scenario: ScenarioRun | undefined;
  let browser: BrowserContext;
  let page: Page;
  let incidentId: string;

  beforeAll(async () => {
    server = await startFleetServer(dir, 0, { FLEETMEDIC_INCIDENT_SETTLE_MS: '1000' });
    fleet = await startFleet(server, dir, 6);
    await fleet.allReported();
    scenario = startScenario(fleet, { scenario: 'case-b', affected: 2, seed: 5 });
    const [incident] = await eventually(
      () => getJson<IncidentList>(server, '/api/incidents?status=open').then((body) => body.incidents),
      (incidents) =>
        incidents.some((candidate) => candidate.fingerprint === CASE_B && candidate.hostCount === 2),
    );
    incidentId = incident!.id;
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

  it('names the failed KB in the steps, warns of the restart, and shows each PC fixed with a restart pending', async () => {
    await page.goto(`${server.url}/incidents/${incidentId}`);
    await page.getByTestId('remediation-approve').waitFor();
    const steps = await page.getByTestId('playbook-step').allInnerTexts();
    expect(steps).toContain(`Install update ${CASE_B_KB}`);
    expect(steps).toContain(`Check update ${CASE_B_KB} is installed`);
    expect(steps[0]).toBe('Stop service CryptSvc');
    await page.getByTestId('playbook-restart-note').waitFor();

    await page.getByTestId('remediation-approve').click();
    await page.getByTestId('approve-confirm-run').click();
    await page.locator('[data-testid="rollout"][data-status="completed"]').waitFor({ timeout: 45_000 });
    const rows = page.locator(
      '[data-testid="job-row"][data-status="succeeded"][data-restart-pending="true"]',
    );
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.first().getByTestId('job-restart-pending').innerText()).resolves.toBe(
      'Restart pending',
    );
    await page
      .locator('[data-testid="incident-status"][data-status="resolved"]')
      .waitFor({ timeout: 30_000 });
  });
});

describe('a fix that fails, and one cancelled, in Chromium', () => {
  const dir = tempDir('e2e-remediation-failures');
  let server: RunningServer;
  let fleet: SimulatedFleet;
  let scenario: ScenarioRun | undefined;
  let browser: BrowserContext;
  let page: Page;
  let incidentId: string;

  beforeAll(async () => {
    server = await startFleetServer(dir, 0, { FLEETMEDIC_INCIDENT_SETTLE_MS: '1000' });
    fleet = await startFleet(server, dir, 6);
    await fleet.allReported();
    scenario = startScenario(fleet, { scenario: 'case-a', affected: 3, seed: 9 });
    const [incident] = await eventually(
      () => getJson<IncidentList>(server, '/api/incidents?status=open').then((body) => body.incidents),
      (incidents) =>
        incidents.some((candidate) => candidate.fingerprint === CASE_A && candidate.hostCount === 3),
    );
    incidentId = incident!.id;
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

  it('halts when the canary’s fix fails: the failing step and its message, what was put back, no other PC touched', async () => {
    for (const host of scenario!.affectedHosts) {
      host.injectStepFailure('service.start', { target: 'Spooler', message: 'the spooler hung', times: 1 });
    }
    await page.goto(`${server.url}/incidents/${incidentId}`);
    await page.getByTestId('remediation-approve').click();
    await page.getByTestId('approve-confirm-run').click();

    await page.locator('[data-testid="rollout"][data-status="halted"]').waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('rollout-reason').innerText()).resolves.toMatch(
      /^Why it stopped: .*canary/,
    );
    const canary = page.locator('[data-testid="job-row"][data-canary="true"]');
    await expect(canary.getAttribute('data-status')).resolves.toBe('rolled-back');
    await expect(canary.getByTestId('job-status').innerText()).resolves.toMatch(/Failed, put back/);
    await expect(canary.getByTestId('job-failed-step').getAttribute('data-index')).resolves.toBe('2');
    await expect(canary.getByTestId('job-failed-step').innerText()).resolves.toMatch(
      /^Step 3 failed: Start service Spooler[\s\S]*the spooler hung/,
    );
    await expect(canary.getByTestId('job-rollback').innerText()).resolves.toMatch(
      /^Put back: (\d) of \1 steps$/,
    );

    const others = await page
      .locator('[data-testid="job-row"][data-canary="false"]')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')));
    expect(others).toHaveLength(2);
    expect(others.every((status) => status === 'pending' || status === 'cancelled')).toBe(true);
    const canaryName = await canary.getAttribute('data-hostname');
    const touched = scenario!.affectedHosts.filter((host) => host.stepsRun.length > 0);
    expect(touched.map((host) => host.hostname)).toEqual([canaryName]);
    // A halted fix can be approved again, by a person who has looked at why.
    await page.getByTestId('remediation-approve').waitFor();
  });

  it('cancels a running fix after a confirmation: the PCs not reached yet are left alone', async () => {
    // The PCs go offline, so that the approved fix waits for them.
    await Promise.all(scenario!.affectedHosts.map((host) => fleet.agents[fleet.hosts.indexOf(host)]!.stop()));
    await page
      .locator('[data-testid="plan-host"][data-online="true"]')
      .first()
      .waitFor({ state: 'detached' });
    await page.locator('[data-testid="plan-host"][data-canary="true"][data-online="false"]').waitFor();

    await page.getByTestId('remediation-approve').click();
    await expect(page.getByTestId('approve-confirm').innerText()).resolves.toMatch(
      /none online now\. The first to come back/,
    );
    await page.getByTestId('approve-confirm-run').click();
    await page.locator('[data-testid="rollout"][data-status="running"]').waitFor();
    await expect(page.getByTestId('job-row').first().innerText()).resolves.toMatch(
      /Waits for the PC to come online/,
    );

    await page.getByTestId('rollout-cancel').click();
    await page.getByTestId('rollout-cancel-confirm').waitFor();
    await page.getByTestId('rollout-cancel-yes').click();
    await page.locator('[data-testid="rollout"][data-status="cancelled"]').waitFor();
    const statuses = await page
      .getByTestId('job-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')));
    expect(statuses).toEqual(['cancelled', 'cancelled', 'cancelled']);
    await expect(page.getByTestId('rollout-cancel').count()).resolves.toBe(0);
    await page.getByTestId('remediation-earlier').waitFor();
    const audit = await getJson<AuditList>(server, '/api/audit?action=rollout.cancelled');
    expect(audit.events[0]?.actor).toMatchObject({ kind: 'user', name: 'admin' });
  });
});
