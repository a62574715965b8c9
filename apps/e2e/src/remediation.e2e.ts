/**
 * End to end: 50 simulated PCs, a field case on 5 of them, one approval. The fix runs on the canary first,
 * then on the rest in waves; every affected PC is verified fixed on the PC itself and the incident resolves,
 * all within a minute; the 45 other PCs are never touched. A canary whose fix fails halts the rollout with
 * nobody else touched and its PC put back. An auto-remediation rule fixes a case A incident with nobody
 * clicking, within its daily cap. A server restart mid-rollout: it completes and no job runs twice.
 */
import {
  LIVE_NAMESPACE,
  type AutoRuleView,
  type IncidentSummary,
  type JobList,
  type LiveServerToClientEvents,
  type RemediationPlan,
  type RolloutView,
} from '@fleetmedic/protocol';
import { RPC_INTERNET_KEY, type ScenarioRun, type SimulatedFleet, startScenario } from '@fleetmedic/agent';
import type { RunningServer } from '@fleetmedic/server';
import { type Socket, io } from 'socket.io-client';
import {
  ADMIN_TOKEN,
  adminHeaders,
  getIncident,
  getJson,
  startFleet,
  startFleetServer,
  tempDir,
} from './support/environment';

const FLEET_SIZE = 50;
const AFFECTED = 5;
const SERVER_ENV = { FLEETMEDIC_INCIDENT_SETTLE_MS: '1000' };

type Live = Socket<LiveServerToClientEvents>;

interface Run {
  dir: string;
  server: RunningServer;
  fleet: SimulatedFleet;
  scenario: ScenarioRun | undefined;
  live: Live;
}

async function connectLive(server: RunningServer): Promise<Live> {
  const live: Live = io(`${server.url}${LIVE_NAMESPACE}`, {
    auth: { token: ADMIN_TOKEN },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
  });
  await new Promise<void>((resolve) => live.once('connect', () => resolve()));
  return live;
}

async function startRun(name: string): Promise<Run> {
  const dir = tempDir(`e2e-${name}`);
  const server = await startFleetServer(dir, 0, SERVER_ENV);
  const fleet = await startFleet(server, dir, FLEET_SIZE, 500);
  await fleet.allReported();
  return { dir, server, fleet, scenario: undefined, live: await connectLive(server) };
}

async function stopRun(run: Run | undefined): Promise<void> {
  if (!run) return;
  run.scenario?.stop();
  run.live.close();
  await run.fleet.stop();
  await run.server.close();
}

function untilIncident(live: Live, test: (incident: IncidentSummary) => boolean): Promise<IncidentSummary> {
  return new Promise((resolve) => {
    const listener = (incident: IncidentSummary) => {
      if (!test(incident)) return;
      live.off('incident.updated', listener);
      resolve(incident);
    };
    live.on('incident.updated', listener);
  });
}

function untilRollout(live: Live, test: (rollout: RolloutView) => boolean): Promise<RolloutView> {
  return new Promise((resolve) => {
    const listener = (rollout: RolloutView) => {
      if (!test(rollout)) return;
      live.off('rollout.updated', listener);
      resolve(rollout);
    };
    live.on('rollout.updated', listener);
  });
}

async function post<T>(
  server: RunningServer,
  path: string,
  body: unknown,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { ...adminHeaders, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

/** The PCs a job touched, by hostname: a PC with no step run was never touched. */
function touched(run: Run): string[] {
  return run.fleet.hosts.filter((host) => host.stepsRun.length > 0).map((host) => host.hostname);
}

function affectedNames(run: Run): string[] {
  return run.scenario!.affectedHosts.map((host) => host.hostname).sort();
}

describe('case A on 5 of 50 PCs, approved once', () => {
  let run: Run | undefined;
  afterAll(async () => stopRun(run));

  it('fixes the canary, then the rest in waves; every PC verified, the incident resolved within a minute', async () => {
    run = await startRun('fix-case-a');
    const formed = untilIncident(run.live, (incident) => incident.failingHostCount === AFFECTED);
    run.scenario = startScenario(run.fleet, { scenario: 'case-a', affected: AFFECTED, seed: 3 });
    const incident = await formed;

    const plan = await getJson<RemediationPlan>(run.server, `/api/incidents/${incident.id}/remediation-plan`);
    expect(plan.playbook?.id).toBe('spooler-rpc-internet');
    const resolved = untilIncident(
      run.live,
      (summary) => summary.id === incident.id && summary.status === 'resolved',
    );
    const completed = untilRollout(run.live, (rollout) => rollout.status !== 'running');

    const approvedAt = Date.now();
    const approval = await post<RolloutView>(run.server, `/api/incidents/${incident.id}/approve`, {
      parallelism: 2,
    });
    expect(approval.status).toBe(201);
    expect((await completed).status).toBe('completed');
    await resolved;
    const elapsedMs = Date.now() - approvedAt;

    const { jobs } = await getJson<JobList>(run.server, `/api/jobs?incident=${incident.id}`);
    expect(jobs.map((job) => job.status)).toEqual(Array(AFFECTED).fill('succeeded'));
    // The canary finished before any other job was sent.
    const [canary, ...others] = jobs;
    expect(canary!.canary).toBe(true);
    for (const job of others)
      expect(Date.parse(job.sentAt!)).toBeGreaterThanOrEqual(Date.parse(canary!.finishedAt!));
    // Verified on the PCs themselves: the key is gone, the spooler runs; nobody else was touched.
    for (const host of run.scenario.affectedHosts) {
      expect(await host.queryRegistryKeys([RPC_INTERNET_KEY])).toEqual({
        [RPC_INTERNET_KEY]: { present: false },
      });
      expect((await host.queryServices(['Spooler']))[0]?.state).toBe('RUNNING');
    }
    expect(touched(run).sort()).toEqual(affectedNames(run));
    expect(elapsedMs).toBeLessThan(60_000);
  });
});

describe('case B on 5 of 50 PCs, approved once', () => {
  let run: Run | undefined;
  afterAll(async () => stopRun(run));

  it('repairs the catalog database and installs the update again; a restart is pending afterwards', async () => {
    run = await startRun('fix-case-b');
    const formed = untilIncident(run.live, (incident) => incident.failingHostCount === AFFECTED);
    run.scenario = startScenario(run.fleet, { scenario: 'case-b', affected: AFFECTED, seed: 5 });
    const incident = await formed;
    expect(incident.fingerprint).toBe('patch:kb5005030:0x8e5e03fa');
    expect(incident.target).toBe('KB5005030');

    const resolved = untilIncident(
      run.live,
      (summary) => summary.id === incident.id && summary.status === 'resolved',
    );
    const completed = untilRollout(run.live, (rollout) => rollout.status !== 'running');
    const approvedAt = Date.now();
    const approval = await post<RolloutView>(run.server, `/api/incidents/${incident.id}/approve`, {});
    expect(approval.status).toBe(201);
    expect(approval.body.playbookId).toBe('catroot2-repair');
    expect((await completed).status).toBe('completed');
    await resolved;
    expect(Date.now() - approvedAt).toBeLessThan(60_000);

    const { jobs } = await getJson<JobList>(run.server, `/api/jobs?incident=${incident.id}`);
    expect(jobs.map((job) => [job.status, job.restartPending])).toEqual(
      Array(AFFECTED).fill(['succeeded', true]),
    );
    for (const host of run.scenario.affectedHosts) {
      const kb = (await host.queryPatchResults()).find((result) => result.kb === 'KB5005030');
      expect(kb?.status).toBe('installed');
      expect((await host.queryPendingReboot()).pending).toBe(true);
      expect(host.catalogDatabaseCorrupt).toBe(false);
    }
    const detail = await getIncident(run.server, incident.id);
    expect(detail.status).toBe('resolved');
    expect(touched(run).sort()).toEqual(affectedNames(run));
  });
});

describe('a canary whose fix fails', () => {
  let run: Run | undefined;
  afterAll(async () => stopRun(run));

  it('halts the rollout with no other PC touched, and the canary PC has its registry key back', async () => {
    run = await startRun('fix-fails');
    const formed = untilIncident(run.live, (incident) => incident.failingHostCount === AFFECTED);
    run.scenario = startScenario(run.fleet, { scenario: 'case-a', affected: AFFECTED, seed: 7 });
    const incident = await formed;
    const plan = await getJson<RemediationPlan>(run.server, `/api/incidents/${incident.id}/remediation-plan`);
    const canaryName = plan.hosts.find((host) => host.hostId === plan.canaryHostId)!.hostname;
    const canary = run.fleet.hosts.find((host) => host.hostname === canaryName)!;
    const keyBefore = await canary.queryRegistryKeys([RPC_INTERNET_KEY]);
    canary.injectStepFailure('service.start', {
      target: 'Spooler',
      message: 'The service did not respond in time',
    });

    const halted = untilRollout(run.live, (rollout) => rollout.status !== 'running');
    expect((await post(run.server, `/api/incidents/${incident.id}/approve`, {})).status).toBe(201);
    const rollout = await halted;
    expect(rollout.status).toBe('halted');
    expect(rollout.reason).toMatch(/canary/);

    const { jobs } = await getJson<JobList>(run.server, `/api/jobs?incident=${incident.id}`);
    expect(jobs.map((job) => job.status)).toEqual(['rolled-back', ...Array(AFFECTED - 1).fill('cancelled')]);
    expect(jobs[0]!.rollback.map((step) => [step.kind, step.status])).toContainEqual([
      'registry.import',
      'succeeded',
    ]);
    expect(touched(run)).toEqual([canaryName]);
    expect(await canary.queryRegistryKeys([RPC_INTERNET_KEY])).toEqual(keyBefore);
  });
});

describe('an auto-remediation rule', () => {
  let run: Run | undefined;
  afterAll(async () => stopRun(run));

  it('fixes a new case A incident with nobody clicking, within its daily cap', async () => {
    run = await startRun('fix-by-rule');
    const rule = await post<AutoRuleView>(run.server, '/api/auto-remediation-rules', {
      knownIssueId: 'spooler-rpc-internet',
      maxHostsPerDay: 3,
    });
    expect(rule.status).toBe(201);
    const fixed = new Set<string>();
    const threeFixed = new Promise<void>((resolve) =>
      run!.live.on('job.updated', (job) => {
        if (job.status === 'succeeded') fixed.add(job.hostname);
        if (fixed.size === 3) resolve();
      }),
    );
    run.scenario = startScenario(run.fleet, { scenario: 'case-a', affected: AFFECTED, seed: 9 });
    await threeFixed;

    const rules = await getJson<{ rules: AutoRuleView[] }>(run.server, '/api/auto-remediation-rules');
    expect(rules.rules[0]).toMatchObject({ id: rule.body.id, hostsToday: 3 });
    expect(touched(run).sort()).toEqual([...fixed].sort());
    expect([...fixed].every((name) => affectedNames(run!).includes(name))).toBe(true);
    for (const host of run.scenario.affectedHosts.filter((pc) => fixed.has(pc.hostname)))
      expect((await host.queryServices(['Spooler']))[0]?.state).toBe('RUNNING');
  });
});

describe('a server restart in the middle of a rollout', () => {
  let run: Run | undefined;
  afterAll(async () => stopRun(run));

  it('completes after the restart, and no job runs twice', async () => {
    run = await startRun('fix-restart');
    const formed = untilIncident(run.live, (incident) => incident.failingHostCount === AFFECTED);
    run.scenario = startScenario(run.fleet, { scenario: 'case-a', affected: AFFECTED, seed: 13 });
    const incident = await formed;

    // One PC at a time; restart once the canary and one more are fixed.
    const twoDone = new Promise<void>((resolve) => {
      let done = 0;
      run!.live.on('job.updated', (job) => {
        if (job.status === 'succeeded' && ++done === 2) resolve();
      });
    });
    const approval = await post<RolloutView>(run.server, `/api/incidents/${incident.id}/approve`, {
      parallelism: 1,
    });
    expect(approval.status).toBe(201);
    await twoDone;
    run.live.close();
    await run.server.close();
    run.server = await startFleetServer(run.dir, Number(new URL(run.server.url).port), SERVER_ENV);
    run.live = await connectLive(run.server);
    const completed = untilRollout(
      run.live,
      (rollout) => rollout.id === approval.body.id && rollout.status !== 'running',
    );
    const current = await getJson<RolloutView>(run.server, `/api/rollouts/${approval.body.id}`);
    const outcome = current.status === 'running' ? await completed : current;
    expect(outcome.status).toBe('completed');
    expect(outcome.counts.succeeded).toBe(AFFECTED);

    // Each affected PC ran the playbook's steps once: one export, one delete.
    for (const host of run.scenario.affectedHosts)
      expect(host.stepsRun.filter((step) => step.kind === 'registry.delete')).toHaveLength(1);
    expect(touched(run).sort()).toEqual(affectedNames(run));
  });
});
