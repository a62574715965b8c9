import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { ApproveRequest, Principal, RemediationPlan, Role, RolloutView } from '@fleetmedic/protocol';
import { createPinia, setActivePinia } from 'pinia';
import { effectScope, ref } from 'vue';
import { useAuthStore } from '../stores/auth';
import { useFleetStore } from '../stores/fleet';
import { useIncidentsStore } from '../stores/incidents';
import { useRemediationStore } from '../stores/remediation';
import { fakeFetch } from '../testing/fake-fetch';
import { jsonResponse, newHost, newIncident } from '../testing/factories';
import { newJob, newPlan, newRollout } from '../testing/remediation-factories';
import { PLAN_REFRESH_DELAY_MS, useRemediation } from './useRemediation';

beforeEach(() => {
  setActivePinia(createPinia());
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

function signInAs(role: Role): void {
  const principal: Principal = {
    user: {
      id: '0196f3a0-5a4e-7c1e-9b1a-3f0c2d4e5f60',
      username: 'alice',
      role,
      createdAt: '2026-11-22T08:00:00.000Z',
      lastLoginAt: null,
      disabled: false,
    },
    role,
    via: 'session',
  };
  useAuthStore().principal = principal;
}

/** A server with one incident: its plan, its rollouts and jobs; approvals start a rollout. */
function serve(plan: RemediationPlan) {
  const server = {
    plan,
    rollouts: [] as RolloutView[],
    planReads: 0,
    approvals: [] as ApproveRequest[],
    approveAnswer: null as null | (() => Response),
  };
  fakeFetch({
    [`/api/incidents/${plan.incidentId}/remediation-plan`]: () => {
      server.planReads += 1;
      return jsonResponse(200, server.plan);
    },
    '/api/rollouts': () => jsonResponse(200, { rollouts: server.rollouts }),
    '/api/jobs': () => jsonResponse(200, { jobs: [] }),
    [`/api/incidents/${plan.incidentId}/approve`]: (_url, init) => {
      server.approvals.push(JSON.parse(init?.body as string) as ApproveRequest);
      if (server.approveAnswer) return server.approveAnswer();
      const rollout = newRollout({ incidentId: plan.incidentId });
      server.rollouts = [rollout];
      server.plan = { ...server.plan, activeRolloutId: rollout.id };
      return jsonResponse(201, rollout);
    },
  });
  return server;
}

function mount(incidentId: string) {
  return effectScope().run(() => useRemediation(ref(incidentId)))!;
}

describe('useRemediation', () => {
  it('offers an approver the fix, with the canary marked and hosts online as the fleet says now', async () => {
    signInAs('approver');
    const plan = newPlan();
    const server = serve(plan);
    const fix = mount(plan.incidentId);
    await jest.advanceTimersByTimeAsync(0);

    expect(fix.blocker.value).toBeNull();
    expect(fix.hosts.value.map((host) => [host.hostname, host.canary])).toEqual([
      ['PC-001', true],
      ['PC-002', false],
      ['PC-003', false],
    ]);
    // PC-001, the canary, went offline after the plan was read: the fleet's live state wins at once, and the
    // server is asked again which PC would be the canary now.
    useFleetStore().applyHostUpdate(newHost({ id: plan.hosts[0]!.hostId, online: false }));
    expect(fix.hosts.value[0]?.online).toBe(false);
    server.plan = { ...plan, canaryHostId: plan.hosts[1]!.hostId };
    await jest.advanceTimersByTimeAsync(PLAN_REFRESH_DELAY_MS);
    expect(server.planReads).toBe(2);
    expect(fix.hosts.value.find((host) => host.canary)?.hostname).toBe('PC-002');
  });

  it.each<[Role, string | null]>([
    ['viewer', 'role'],
    ['operator', 'role'],
    ['approver', null],
    ['admin', null],
  ])('%s: approval blocked by %s', async (role, blocker) => {
    signInAs(role);
    const plan = newPlan();
    serve(plan);
    const fix = mount(plan.incidentId);
    await jest.advanceTimersByTimeAsync(0);
    expect(fix.blocker.value).toBe(blocker);
  });

  it('approves: sends the settings, shows the rollout at once, and no second approval is offered', async () => {
    signInAs('approver');
    const plan = newPlan();
    const server = serve(plan);
    const fix = mount(plan.incidentId);
    await jest.advanceTimersByTimeAsync(0);

    await expect(fix.approve({ parallelism: 2, failureBudget: 1, note: 'change 4411' })).resolves.toBe(true);
    expect(server.approvals).toEqual([
      { playbookId: 'spooler-rpc-internet', parallelism: 2, failureBudget: 1, note: 'change 4411' },
    ]);
    expect(fix.rollout.value?.status).toBe('running');
    expect(fix.blocker.value).toBe('running');
    expect(fix.cancellable.value).toBe(true);
    await jest.advanceTimersByTimeAsync(PLAN_REFRESH_DELAY_MS);
    expect(fix.plan.value?.activeRolloutId).toBe(fix.rollout.value?.id);
  });

  it('shows the server’s refusal of an approval, and reads the plan again', async () => {
    signInAs('approver');
    const plan = newPlan();
    const server = serve(plan);
    server.approveAnswer = () =>
      jsonResponse(409, {
        statusCode: 409,
        code: 'ROLLOUT_RUNNING',
        message: 'A rollout of this incident is running.',
      });
    const fix = mount(plan.incidentId);
    await jest.advanceTimersByTimeAsync(0);

    await expect(fix.approve({ parallelism: 5, failureBudget: 0, note: '' })).resolves.toBe(false);
    expect(fix.approveError.value).toMatchObject({
      statusCode: 409,
      message: 'A rollout of this incident is running.',
    });
    await jest.advanceTimersByTimeAsync(PLAN_REFRESH_DELAY_MS);
    expect(server.planReads).toBe(2);
  });

  it('reads the plan again shortly after the incident changes, once for a burst', async () => {
    signInAs('viewer');
    const plan = newPlan();
    const server = serve(plan);
    const incident = newIncident({ id: plan.incidentId });
    mount(plan.incidentId);
    await jest.advanceTimersByTimeAsync(0);

    server.plan = {
      ...plan,
      hosts: [...plan.hosts, { ...plan.hosts[0]!, hostId: newHost().id, hostname: 'PC-004' }],
    };
    const incidents = useIncidentsStore();
    for (const count of [4, 5])
      incidents.applyIncidentUpdate({
        ...incident,
        hostCount: count,
        updatedAt: `2026-11-22T09:0${count}:00.000Z`,
      });
    incidents.applyIncidentUpdate(newIncident());
    await jest.advanceTimersByTimeAsync(PLAN_REFRESH_DELAY_MS);
    expect(server.planReads).toBe(2);
  });

  it('shows the running rollout’s jobs live and follows it to its end, the latest rollout after it', async () => {
    signInAs('viewer');
    const plan = newPlan();
    const server = serve(plan);
    const earlier = newRollout({
      incidentId: plan.incidentId,
      status: 'halted',
      createdAt: '2026-11-22T08:00:00.000Z',
    });
    server.rollouts = [earlier];
    const fix = mount(plan.incidentId);
    await jest.advanceTimersByTimeAsync(0);
    expect(fix.rollout.value?.id).toBe(earlier.id);

    const store = useRemediationStore();
    const rollout = newRollout({ incidentId: plan.incidentId });
    store.applyRolloutUpdate(rollout);
    store.applyJobUpdate(
      newJob({
        incidentId: plan.incidentId,
        rolloutId: rollout.id,
        canary: true,
        order: 0,
        status: 'running',
      }),
    );
    expect(fix.rollout.value?.id).toBe(rollout.id);
    expect(fix.earlierRollouts.value.map((other) => other.id)).toEqual([earlier.id]);
    expect(fix.jobs.value.map((job) => job.status)).toEqual(['running']);
    expect(fix.cancellable.value).toBe(false);

    store.applyRolloutUpdate({
      ...rollout,
      status: 'completed',
      phase: 'done',
      updatedAt: '2026-11-22T09:01:00.000Z',
    });
    expect(fix.rollout.value?.status).toBe('completed');
    // Its end changes the plan (nothing running, fewer hosts failing): read it again.
    await jest.advanceTimersByTimeAsync(PLAN_REFRESH_DELAY_MS);
    expect(server.planReads).toBe(2);
  });
});
