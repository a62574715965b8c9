/**
 * Integration: approving a playbook for a case A incident on a real server, with agents on real socket.io
 * connections that verify, run and report jobs. Canary first and alone; then the rest, `parallelism` at a
 * time; halted at the canary's failure with nobody else touched; a refusing canary hands its place on; the
 * incident resolves once the hosts report the spooler running; every approval and job is audited.
 */
import type {
  ApiError,
  AuditList,
  AutoRuleList,
  AutoRuleView,
  IncidentSummary,
  JobList,
  JobView,
  RemediationPlan,
  RolloutView,
} from '@fleetmedic/protocol';
import { newBatch, newHostFacts, newServiceObservation } from '../testing/factories';
import { type FixBehaviour, type FixingAgent, fixingAgent } from '../testing/fixing-agent';
import { type SignedIn, signedIn } from '../testing/sign-in';
import {
  type TestAgentSocket,
  type TestLiveSocket,
  type TestServer,
  connectAgent,
  enroll,
  getJson,
  liveSocket,
  startTestServer,
} from '../testing/test-server';

describe('remediation of an incident', () => {
  let server: TestServer;
  let approver: SignedIn;
  let viewer: SignedIn;
  let live: TestLiveSocket;
  let serial = 0;

  // A server each: every test opens its own case A incident (one fingerprint per server).
  beforeEach(async () => {
    server = await startTestServer({ FLEETMEDIC_INCIDENT_SETTLE_MS: '300' });
    approver = await signedIn(server, 'approver', 'fix-approver');
    viewer = await signedIn(server, 'viewer', 'fix-viewer');
    live = await liveSocket(server);
  });

  afterEach(async () => {
    live.close();
    await server.stop();
  });

  function post<T>(path: string, body: unknown, token = approver.token) {
    return fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as T }));
  }

  /** `count` PCs of a fresh site failing as in case A, each behaving as `behaviours` says; one incident. */
  async function caseA(
    behaviours: FixBehaviour[],
  ): Promise<{ agents: FixingAgent[]; incident: IncidentSummary }> {
    serial += 1;
    const agents: FixingAgent[] = [];
    for (const [index, behaviour] of behaviours.entries()) {
      const hostname = `PC-FIX-${serial}-${index + 1}`;
      agents.push(await fixingAgent(server, await enroll(server, hostname), hostname, behaviour));
    }
    const grown = untilIncident((incident) => incident.failingHostCount === agents.length);
    for (const agent of agents) await agent.reportSpooler(true);
    return { agents, incident: await grown };
  }

  function untilIncident(test: (incident: IncidentSummary) => boolean): Promise<IncidentSummary> {
    return new Promise((resolve) => {
      const listener = (incident: IncidentSummary) => {
        if (!test(incident)) return;
        live.off('incident.updated', listener);
        resolve(incident);
      };
      live.on('incident.updated', listener);
    });
  }

  function untilRollout(incidentId: string, test: (rollout: RolloutView) => boolean) {
    return new Promise<RolloutView>((resolve) => {
      const listener = (rollout: RolloutView) => {
        if (rollout.incidentId !== incidentId || !test(rollout)) return;
        live.off('rollout.updated', listener);
        resolve(rollout);
      };
      live.on('rollout.updated', listener);
    });
  }

  function untilJob(test: (job: JobView) => boolean): Promise<JobView> {
    return new Promise((resolve) => {
      const listener = (job: JobView) => {
        if (!test(job)) return;
        live.off('job.updated', listener);
        resolve(job);
      };
      live.on('job.updated', listener);
    });
  }

  async function jobsOf(incidentId: string): Promise<JobView[]> {
    return (await getJson<JobList>(server, `/api/jobs?incident=${incidentId}`)).body.jobs;
  }

  it('previews the plan: the known issue’s playbook with its undo steps, the hosts, the canary', async () => {
    const { agents, incident } = await caseA(['fix', 'fix']);
    const { status, body: plan } = await getJson<RemediationPlan>(
      server,
      `/api/incidents/${incident.id}/remediation-plan`,
      { authorization: `Bearer ${viewer.token}` },
    );
    expect(status).toBe(200);
    expect(plan.playbook?.id).toBe('spooler-rpc-internet');
    expect(plan.playbook?.steps.map((step) => step.kind)).toEqual([
      'registry.export',
      'registry.delete',
      'service.start',
      'verify.service',
    ]);
    expect(plan.playbook?.rollback).toEqual([
      { kind: 'service.stop', service: 'Spooler' },
      { kind: 'registry.import', backup: 'rpc-internet' },
    ]);
    expect(plan.hosts.map((host) => [host.hostname, host.online, host.failing])).toEqual(
      agents.map((agent) => [agent.hostname, true, true]),
    );
    expect(plan.canaryHostId).toBe(agents[0]!.enrollment.agentId);
    expect(plan.activeRolloutId).toBeNull();
    await Promise.all(agents.map((agent) => agent.close()));
  });

  it('runs the canary alone, then the rest in waves, and the incident resolves', async () => {
    const { agents, incident } = await caseA(['hold', 'fix', 'fix', 'fix', 'fix']);
    const [canary, ...rest] = agents as [FixingAgent, ...FixingAgent[]];
    const canaryJob = canary.nextJob();
    const completed = untilRollout(incident.id, (rollout) => rollout.status === 'completed');
    const resolved = untilIncident((summary) => summary.id === incident.id && summary.status === 'resolved');

    const { status, body: rollout } = await post<RolloutView>(`/api/incidents/${incident.id}/approve`, {
      parallelism: 2,
    });
    expect(status).toBe(201);
    expect(rollout).toMatchObject({ status: 'running', phase: 'canary', hostCount: 5, parallelism: 2 });
    expect(rollout.approvedBy.username).toBe('fix-approver');

    // The canary holds its job: nobody else has one yet.
    const held = await canaryJob;
    expect(held.job.steps.map((step) => step.kind)).toContain('registry.delete');
    expect(
      (await jobsOf(incident.id)).filter((job) => job.status !== 'pending').map((job) => job.hostname),
    ).toEqual([canary.hostname]);
    expect(rest.every((agent) => agent.received.length === 0)).toBe(true);

    await canary.finish(held.job.jobId, 'succeeded');
    const done = await completed;
    expect(done.counts.succeeded).toBe(5);
    expect(done.failures).toBe(0);
    for (const agent of agents) expect(agent.ran).toHaveLength(1);
    expect((await resolved).status).toBe('resolved');

    const jobs = await jobsOf(incident.id);
    expect(jobs.map((job) => [job.hostname, job.status, job.canary])).toEqual(
      agents.map((agent, index) => [agent.hostname, 'succeeded', index === 0]),
    );
    expect(jobs.every((job) => job.steps.length === job.stepCount)).toBe(true);

    const audit = await getJson<AuditList>(server, '/api/audit?limit=200');
    const about = audit.body.events.filter(
      (event) =>
        event.target === `incident:${incident.id}` ||
        event.detail.rolloutId === rollout.id ||
        event.target === `rollout:${rollout.id}`,
    );
    expect(about.map((event) => event.action).sort()).toEqual(
      ['remediation.approved', 'rollout.completed', ...Array(5).fill('job.finished')].sort(),
    );
    await Promise.all(agents.map((agent) => agent.close()));
  });

  it('halts when the canary’s fix fails: no other host is touched', async () => {
    const { agents, incident } = await caseA(['fail', 'fix', 'fix']);
    const halted = untilRollout(incident.id, (rollout) => rollout.status === 'halted');
    expect((await post<RolloutView>(`/api/incidents/${incident.id}/approve`, {})).status).toBe(201);
    const stopped = await halted;
    expect(stopped.reason).toMatch(/canary’s fix failed/);
    expect(stopped.reasonCode).toBe('canary-failed');
    expect(agents.slice(1).every((agent) => agent.received.length === 0)).toBe(true);
    expect((await jobsOf(incident.id)).map((job) => job.status)).toEqual([
      'rolled-back',
      'cancelled',
      'cancelled',
    ]);
    await Promise.all(agents.map((agent) => agent.close()));
  });

  it('hands the canary’s place to the next host when the first refuses the job', async () => {
    const { agents, incident } = await caseA(['refuse', 'fix', 'fix']);
    const completed = untilRollout(incident.id, (rollout) => rollout.status === 'completed');
    expect((await post<RolloutView>(`/api/incidents/${incident.id}/approve`, {})).status).toBe(201);
    const done = await completed;
    expect(done.canaryHostId).toBe(agents[1]!.enrollment.agentId);
    const jobs = await jobsOf(incident.id);
    expect(jobs.map((job) => [job.status, job.refusal])).toEqual([
      ['refused', 'REMEDIATION_DISABLED'],
      ['succeeded', null],
      ['succeeded', null],
    ]);
    await Promise.all(agents.map((agent) => agent.close()));
  });

  it('carries on after a server restart mid-rollout, and no job runs twice', async () => {
    const { agents, incident } = await caseA(['silent', 'hold', 'fix']);
    const memories = agents.map((agent) => ({
      seen: new Set(agent.ran.map((job) => job.job.jobId)),
      ran: agent.ran,
    }));
    const firstJob = agents[0]!.nextJob();
    expect(
      (await post<RolloutView>(`/api/incidents/${incident.id}/approve`, { parallelism: 1 })).status,
    ).toBe(201);
    const held = await firstJob;
    memories[0]!.seen.add(held.job.jobId);

    // The canary accepted its job but the server never heard so: it restarts in that moment.
    const dir = server.dir;
    await Promise.all(agents.map((agent) => agent.close()));
    live.close();
    await server.stop();
    server = await startTestServer({ FLEETMEDIC_INCIDENT_SETTLE_MS: '300' }, dir);
    live = await liveSocket(server);
    const completed = untilRollout(incident.id, (view) => view.status === 'completed');
    const resending = untilJob((job) => job.id === held.job.jobId && job.status === 'running');

    const again = await Promise.all(
      agents.map((agent, index) =>
        fixingAgent(
          server,
          agent.enrollment,
          agent.hostname,
          index === 0 ? 'hold' : agent.behaviour,
          memories[index],
        ),
      ),
    );
    // The canary is sent its job again, answers REPLAYED, and reports it when done.
    const resent = await resending;
    expect(resent.hostname).toBe(agents[0]!.hostname);
    expect(again[0]!.received.map((job) => job.job.jobId)).toEqual([held.job.jobId]);
    await again[0]!.finish(held.job.jobId, 'succeeded');
    const second = await again[1]!.nextJob();
    await again[1]!.finish(second.job.jobId, 'succeeded');
    const done = await completed;
    expect(done.counts.succeeded).toBe(3);
    for (const memory of memories) expect(memory.ran).toHaveLength(1);
    await Promise.all(again.map((agent) => agent.close()));
  });

  it('takes the report of a job whose answer was lost even after the rollout gave it up', async () => {
    const { agents, incident } = await caseA(['silent', 'fix']);
    const [canary] = agents as [FixingAgent, ...FixingAgent[]];
    const memory = { seen: new Set<string>(), ran: canary.ran };
    const received = canary.nextJob();
    const { body: rollout } = await post<RolloutView>(`/api/incidents/${incident.id}/approve`, {});
    const held = await received;
    memory.seen.add(held.job.jobId);

    // The PC accepted the job, but its connection dropped before the answer reached the server.
    const waiting = untilJob((job) => job.id === held.job.jobId && job.status === 'pending');
    await canary.close();
    await waiting;
    expect((await post<RolloutView>(`/api/rollouts/${rollout.id}/cancel`, {})).status).toBe(200);

    // It ran the job all the same, failed and put the PC back; it says so once it is back.
    const back = await fixingAgent(server, canary.enrollment, canary.hostname, 'hold', memory);
    await back.finish(held.job.jobId, 'rolled-back');
    const [job] = await jobsOf(incident.id);
    expect(job).toMatchObject({ id: held.job.jobId, status: 'rolled-back' });
    expect(job!.rollback).toHaveLength(1);
    await Promise.all([back, ...agents.slice(1)].map((agent) => agent.close()));
  });

  it('fixes a new case A incident under an auto-remediation rule with nobody clicking, within its daily cap', async () => {
    const created = await post<AutoRuleView>('/api/auto-remediation-rules', {
      knownIssueId: 'spooler-rpc-internet',
      maxHostsPerDay: 2,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ playbookId: 'spooler-rpc-internet', hostsToday: 0 });

    const agents: FixingAgent[] = [];
    for (const index of [1, 2, 3]) {
      const hostname = `PC-RULE-${index}`;
      agents.push(await fixingAgent(server, await enroll(server, hostname), hostname, 'fix'));
    }
    const fixed = new Set<string>();
    const twoFixed = new Promise<void>((resolve) => {
      const listener = (job: JobView) => {
        if (job.status === 'succeeded') fixed.add(job.hostId);
        if (fixed.size === 2) {
          live.off('job.updated', listener);
          resolve();
        }
      };
      live.on('job.updated', listener);
    });
    for (const agent of agents) await agent.reportSpooler(true);
    await twoFixed;

    const rules = await getJson<AutoRuleList>(server, '/api/auto-remediation-rules');
    expect(rules.body.rules[0]).toMatchObject({ id: created.body.id, hostsToday: 2 });
    const incidents = await getJson<{ incidents: IncidentSummary[] }>(server, '/api/incidents');
    const [incident] = incidents.body.incidents;
    const jobs = await jobsOf(incident!.id);
    expect(jobs.map((job) => job.status)).toEqual(['succeeded', 'succeeded']);
    expect(agents.filter((agent) => agent.ran.length > 0)).toHaveLength(2);
    const rollouts = await getJson<{ rollouts: RolloutView[] }>(
      server,
      `/api/rollouts?incident=${incident!.id}`,
    );
    expect(
      rollouts.body.rollouts.every((rollout) => rollout.approvedBy.username === `rule:${created.body.id}`),
    ).toBe(true);
    const audit = await getJson<AuditList>(server, '/api/audit?limit=200');
    const actions = audit.body.events.map((event) => event.action);
    expect(actions).toContain('auto-rule.created');
    expect(actions).toContain('remediation.auto-approved');
    expect(actions).not.toContain('remediation.approved');
    await Promise.all(agents.map((agent) => agent.close()));
  });

  it('keeps a rule within its daily cap when several of its incidents are open at once', async () => {
    // Case B on two KBs: two incidents of one known issue, one PC each, both open before the rule exists.
    const sockets: TestAgentSocket[] = [];
    const incidents: IncidentSummary[] = [];
    for (const kb of ['KB5005030', 'KB5005031']) {
      const hostname = `PC-CAP-${kb}`;
      const enrollment = await enroll(server, hostname);
      const socket = await connectAgent(server, enrollment);
      sockets.push(socket);
      await socket.emitWithAck('hello', {
        agentVersion: '0.1.0-test',
        facts: newHostFacts({ hostname }),
        sentAt: new Date().toISOString(),
      });
      const opened = untilIncident(
        (incident) => incident.fingerprint === `patch:${kb.toLowerCase()}:0x8e5e03fa`,
      );
      await socket.emitWithAck(
        'observations',
        newBatch([
          newServiceObservation(enrollment.agentId, {
            check: 'patch',
            target: kb,
            status: 'failing',
            code: '0x8e5e03fa',
            codeOriginal: null,
            facts: { installState: 'failed', relatedKbs: [kb], retries: 1, pending: false },
            evidence: [],
          }),
        ]),
      );
      incidents.push(await opened);
    }
    for (const socket of sockets) socket.close();

    const created = await post<AutoRuleView>('/api/auto-remediation-rules', {
      knownIssueId: 'catroot2-catalog-database-corrupt',
      maxHostsPerDay: 1,
    });
    expect(created.status).toBe(201);
    // Stopping waits for the rule's looks at both incidents to end; the database then says what they did.
    const dir = server.dir;
    live.close();
    await server.stop();
    server = await startTestServer({ FLEETMEDIC_INCIDENT_SETTLE_MS: '300' }, dir);
    live = await liveSocket(server);
    const jobs = (await Promise.all(incidents.map((incident) => jobsOf(incident.id)))).flat();
    expect(jobs).toHaveLength(1);
    const rules = await getJson<AutoRuleList>(server, '/api/auto-remediation-rules');
    expect(rules.body.rules[0]).toMatchObject({ id: created.body.id, hostsToday: 1 });
  });

  it('refuses approvals that cannot be: a second one while running, a host not in the incident, a viewer', async () => {
    const { agents, incident } = await caseA(['hold']);
    const outsider = await enroll(server, `PC-OUTSIDER-${serial}`);
    const strangers = await post<ApiError>(`/api/incidents/${incident.id}/approve`, {
      hostIds: [outsider.agentId],
    });
    expect(strangers.status).toBe(400);
    expect(strangers.body.message).toMatch(/^hostIds: not hosts of this incident/);
    const unknown = await post<ApiError>(`/api/incidents/${incident.id}/approve`, { playbookId: 'format-c' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toMatch(/^playbookId: no playbook is called format-c/);
    const byViewer = await post<ApiError>(`/api/incidents/${incident.id}/approve`, {}, viewer.token);
    const approverToo = await signedIn(server, 'approver', 'fix-approver-2');
    expect(byViewer.status).toBe(403);

    // Two approvers at the same moment: one rollout.
    const answers = await Promise.all([
      post<RolloutView>(`/api/incidents/${incident.id}/approve`, {}),
      post<RolloutView>(`/api/incidents/${incident.id}/approve`, {}, approverToo.token),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const first = answers.find((answer) => answer.status === 201)!;
    const second = await post<ApiError>(`/api/incidents/${incident.id}/approve`, {});
    expect(second.status).toBe(409);
    expect(second.body.message).toContain(first.body.id);
    const rollouts = await getJson<{ rollouts: RolloutView[] }>(
      server,
      `/api/rollouts?incident=${incident.id}`,
    );
    expect(rollouts.body.rollouts).toHaveLength(1);

    const cancelled = await post<RolloutView>(`/api/rollouts/${first.body.id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await post<ApiError>(`/api/rollouts/${first.body.id}/cancel`, {});
    expect(again.status).toBe(409);
    await Promise.all(agents.map((agent) => agent.close()));
  });
});
