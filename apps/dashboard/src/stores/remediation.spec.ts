import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { JobList, JobView, RolloutList } from '@fleetmedic/protocol';
import { createPinia, setActivePinia } from 'pinia';
import { fakeFetch } from '../testing/fake-fetch';
import { deferred, jsonResponse } from '../testing/factories';
import { newJob, newRollout, newStep } from '../testing/remediation-factories';
import { useRemediationStore } from './remediation';

const INCIDENT = '00000000-0000-4000-8000-00000000abcd';

beforeEach(() => {
  setActivePinia(createPinia());
});
afterEach(() => {
  jest.restoreAllMocks();
});

/** The server's answers for the incident, changeable between requests; each request is counted. */
function serve(initial: { rollouts: RolloutList['rollouts']; jobs: JobList['jobs'] }) {
  const server = { ...initial, requests: 0, hold: null as Promise<void> | null };
  fakeFetch({
    '/api/rollouts': async (url) => {
      expect(url.searchParams.get('incident')).toBe(INCIDENT);
      server.requests += 1;
      const answer = { rollouts: server.rollouts };
      await server.hold;
      return jsonResponse(200, answer);
    },
    '/api/jobs': async () => {
      const answer = { jobs: server.jobs };
      await server.hold;
      return jsonResponse(200, answer);
    },
  });
  return server;
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('remediation store', () => {
  it('loads a watched incident’s rollouts and jobs, then follows them live', async () => {
    const rollout = newRollout({ incidentId: INCIDENT });
    const canary = newJob({
      incidentId: INCIDENT,
      rolloutId: rollout.id,
      canary: true,
      order: 0,
      status: 'sent',
    });
    const other = newJob({ incidentId: INCIDENT, rolloutId: rollout.id, order: 1 });
    serve({ rollouts: [rollout], jobs: [other, canary] });
    const store = useRemediationStore();
    store.watchIncident(INCIDENT);
    await flush();
    expect(store.rolloutsOf(INCIDENT)).toEqual([rollout]);
    expect(store.jobsOf(rollout.id).map((job) => job.id)).toEqual([canary.id, other.id]);

    const running: JobView = { ...canary, status: 'running', steps: [newStep(0, 'running')] };
    store.applyJobUpdate(running);
    store.applyJobUpdate({ ...running, steps: [newStep(0, 'succeeded'), newStep(1, 'running')] });
    expect(store.jobsOf(rollout.id)[0]).toMatchObject({
      status: 'running',
      steps: [{ index: 0 }, { index: 1 }],
    });
    const waves = { ...rollout, phase: 'waves' as const, updatedAt: '2026-11-22T09:00:05.000Z' };
    store.applyRolloutUpdate(waves);
    expect(store.rolloutsOf(INCIDENT)[0]?.phase).toBe('waves');
  });

  it('lets live news that arrived during a load win over what the load answers', async () => {
    const rollout = newRollout({ incidentId: INCIDENT });
    const job = newJob({ incidentId: INCIDENT, rolloutId: rollout.id, status: 'pending' });
    const server = serve({ rollouts: [rollout], jobs: [job] });
    const release = deferred<void>();
    server.hold = release.promise;
    const store = useRemediationStore();
    store.watchIncident(INCIDENT);

    // While the answer (read before) is on its way, the job finishes and the rollout completes.
    const done = { ...job, status: 'succeeded' as const, finishedAt: '2026-11-22T09:00:09.000Z' };
    store.applyJobUpdate(done);
    const completed = { ...rollout, status: 'completed' as const, updatedAt: '2026-11-22T09:00:09.000Z' };
    store.applyRolloutUpdate(completed);
    release.resolve();
    await flush();

    expect(store.jobsOf(rollout.id)[0]?.status).toBe('succeeded');
    expect(store.rolloutsOf(INCIDENT)[0]?.status).toBe('completed');
    expect(store.isLoaded(INCIDENT)).toBe(true);
  });

  it('never lets an older copy undo a newer one: an earlier rollout update, a finished job seen unfinished', async () => {
    const rollout = newRollout({
      incidentId: INCIDENT,
      updatedAt: '2026-11-22T09:00:05.000Z',
      phase: 'waves',
    });
    const job = newJob({ incidentId: INCIDENT, rolloutId: rollout.id, status: 'succeeded' });
    serve({ rollouts: [rollout], jobs: [job] });
    const store = useRemediationStore();
    store.watchIncident(INCIDENT);
    await flush();

    store.applyRolloutUpdate({ ...rollout, phase: 'canary', updatedAt: '2026-11-22T09:00:01.000Z' });
    store.applyJobUpdate({ ...job, status: 'running', finishedAt: null });
    expect(store.rolloutsOf(INCIDENT)[0]?.phase).toBe('waves');
    expect(store.jobsOf(rollout.id)[0]?.status).toBe('succeeded');

    // A job that was sent can wait again (its PC was busy): that is news, not an old copy.
    const sent = newJob({ incidentId: INCIDENT, rolloutId: rollout.id, status: 'sent' });
    store.applyJobUpdate(sent);
    store.applyJobUpdate({ ...sent, status: 'pending' });
    expect(store.jobsOf(rollout.id).find((known) => known.id === sent.id)?.status).toBe('pending');
  });

  it('drops live news about incidents nobody watches, and forgets an incident once nobody does', async () => {
    serve({ rollouts: [], jobs: [] });
    const store = useRemediationStore();
    store.applyRolloutUpdate(newRollout({ incidentId: INCIDENT }));
    expect(store.rolloutsOf(INCIDENT)).toEqual([]);

    const stopFirst = store.watchIncident(INCIDENT);
    const stopSecond = store.watchIncident(INCIDENT);
    await flush();
    const rollout = newRollout({ incidentId: INCIDENT });
    store.applyRolloutUpdate(rollout);
    stopFirst();
    stopFirst();
    expect(store.rolloutsOf(INCIDENT)).toHaveLength(1);
    stopSecond();
    expect(store.rolloutsOf(INCIDENT)).toEqual([]);
  });

  it('reads every watched incident again after a reconnection, dropping what the server no longer lists', async () => {
    const gone = newRollout({ incidentId: INCIDENT });
    const server = serve({ rollouts: [gone], jobs: [] });
    const store = useRemediationStore();
    store.watchIncident(INCIDENT);
    await flush();
    expect(server.requests).toBe(1);

    const current = newRollout({ incidentId: INCIDENT, status: 'completed' });
    server.rollouts = [current];
    await store.reload();
    expect(server.requests).toBe(2);
    expect(store.rolloutsOf(INCIDENT).map((rollout) => rollout.id)).toEqual([current.id]);
  });

  it('keeps what it shows when a load fails, and says why', async () => {
    const rollout = newRollout({ incidentId: INCIDENT });
    let down = false;
    fakeFetch({
      '/api/rollouts': () =>
        down ? Promise.reject(new TypeError('network down')) : jsonResponse(200, { rollouts: [rollout] }),
      '/api/jobs': () => jsonResponse(200, { jobs: [] }),
    });
    const store = useRemediationStore();
    store.watchIncident(INCIDENT);
    await flush();
    down = true;
    await store.reload();
    expect(store.rolloutsOf(INCIDENT)).toHaveLength(1);
    expect(store.errorOf(INCIDENT)?.code).toBe('NETWORK_ERROR');
  });
});
