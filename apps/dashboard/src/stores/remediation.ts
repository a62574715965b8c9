/**
 * Rollouts and jobs of the incidents a page is watching: loaded from `GET /api/rollouts?incident=` and
 * `GET /api/jobs?incident=`, then kept current by the live `rollout.updated` and `job.updated` events.
 * Live news about incidents nobody is watching is dropped (a fleet-wide rollout would otherwise fill
 * memory with jobs no page shows); a reconnection reloads every watched incident. The same discipline as
 * the other stores: an update pushed while a load is in flight wins over what that load answers.
 */
import type { ApproveRequest, JobView, RolloutView } from '@fleetmedic/protocol';
import { defineStore } from 'pinia';
import { shallowRef } from 'vue';
import { type ApiRequestError, asApiRequestError, isAbort } from '../api/client';
import { approveRemediation, cancelRollout, listJobs, listRollouts } from '../api/remediation';
import { isStaleJob, isStaleRollout } from '../remediation/merge';
import { inRunOrder } from '../remediation/progress';

interface IncidentLoad {
  controller: AbortController;
  /** Ids of rollouts and jobs pushed live while this load was in flight: newer than what it may answer. */
  liveRollouts: Set<string>;
  liveJobs: Set<string>;
}

export const useRemediationStore = defineStore('remediation', () => {
  const rolloutsById = shallowRef<ReadonlyMap<string, RolloutView>>(new Map());
  const jobsById = shallowRef<ReadonlyMap<string, JobView>>(new Map());
  /** Incidents whose rollouts and jobs have been loaded at least once since they were watched. */
  const loadedIncidents = shallowRef<ReadonlySet<string>>(new Set());
  const errors = shallowRef<ReadonlyMap<string, ApiRequestError>>(new Map());
  /** How many pages (components) watch each incident. */
  const watchers = new Map<string, number>();
  const loads = new Map<string, IncidentLoad>();

  function isWatched(incidentId: string): boolean {
    return watchers.has(incidentId);
  }

  /** Starts following an incident's rollouts and jobs; the function returned stops. */
  function watchIncident(incidentId: string): () => void {
    const count = watchers.get(incidentId) ?? 0;
    watchers.set(incidentId, count + 1);
    if (count === 0) void loadIncident(incidentId);
    let stopped = false;
    return () => {
      if (stopped) return;
      stopped = true;
      const left = (watchers.get(incidentId) ?? 1) - 1;
      if (left > 0) {
        watchers.set(incidentId, left);
        return;
      }
      watchers.delete(incidentId);
      forget(incidentId);
    };
  }

  function forget(incidentId: string): void {
    loads.get(incidentId)?.controller.abort();
    loads.delete(incidentId);
    rolloutsById.value = without(rolloutsById.value, (rollout) => rollout.incidentId === incidentId);
    jobsById.value = without(jobsById.value, (job) => job.incidentId === incidentId);
    loadedIncidents.value = new Set([...loadedIncidents.value].filter((id) => id !== incidentId));
    setError(incidentId, null);
  }

  /** Loads an incident's rollouts and jobs; the answer is complete for the incident. */
  async function loadIncident(incidentId: string): Promise<void> {
    loads.get(incidentId)?.controller.abort();
    const load: IncidentLoad = {
      controller: new AbortController(),
      liveRollouts: new Set(),
      liveJobs: new Set(),
    };
    loads.set(incidentId, load);
    try {
      const [{ rollouts }, { jobs }] = await Promise.all([
        listRollouts(incidentId, load.controller.signal),
        listJobs(incidentId, load.controller.signal),
      ]);
      if (loads.get(incidentId) !== load) return;
      rolloutsById.value = mergeComplete(
        rolloutsById.value,
        rollouts,
        (rollout) => rollout.incidentId === incidentId,
        load.liveRollouts,
        isStaleRollout,
      );
      jobsById.value = mergeComplete(
        jobsById.value,
        jobs,
        (job) => job.incidentId === incidentId,
        load.liveJobs,
        isStaleJob,
      );
      loadedIncidents.value = new Set([...loadedIncidents.value, incidentId]);
      setError(incidentId, null);
    } catch (failure) {
      if (loads.get(incidentId) !== load || isAbort(failure)) return;
      // Keep what we had: stale progress with an error banner beats none.
      setError(incidentId, asApiRequestError(failure));
    } finally {
      if (loads.get(incidentId) === load) loads.delete(incidentId);
    }
  }

  /** After a reconnection: whatever was pushed meanwhile is lost, so every watched incident is read again. */
  async function reload(): Promise<void> {
    await Promise.all([...watchers.keys()].map((incidentId) => loadIncident(incidentId)));
  }

  function applyRolloutUpdate(rollout: RolloutView): void {
    if (!isWatched(rollout.incidentId)) return;
    loads.get(rollout.incidentId)?.liveRollouts.add(rollout.id);
    if (isStaleRollout(rollout, rolloutsById.value.get(rollout.id))) return;
    rolloutsById.value = withEntry(rolloutsById.value, rollout.id, rollout);
  }

  function applyJobUpdate(job: JobView): void {
    if (!isWatched(job.incidentId)) return;
    loads.get(job.incidentId)?.liveJobs.add(job.id);
    if (isStaleJob(job, jobsById.value.get(job.id))) return;
    jobsById.value = withEntry(jobsById.value, job.id, job);
  }

  /** Approves an incident's fix; the rollout the server started is shown at once. Failures are thrown. */
  async function approve(incidentId: string, request: ApproveRequest): Promise<RolloutView> {
    const rollout = await approveRemediation(incidentId, request);
    applyRolloutUpdate(rollout);
    // Its jobs were created with it: fetch them rather than wait for each to be pushed.
    void loadIncident(incidentId);
    return rollout;
  }

  /** Cancels a running rollout. Failures are thrown. */
  async function cancel(rollout: RolloutView): Promise<void> {
    const answer = await cancelRollout(rollout.id);
    if (answer && typeof answer === 'object' && 'status' in answer) applyRolloutUpdate(answer);
    void loadIncident(rollout.incidentId);
  }

  /** The incident's rollouts, newest first. */
  function rolloutsOf(incidentId: string): RolloutView[] {
    return [...rolloutsById.value.values()]
      .filter((rollout) => rollout.incidentId === incidentId)
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  }

  /** A rollout's jobs in the order they run: the canary first. */
  function jobsOf(rolloutId: string): JobView[] {
    return inRunOrder([...jobsById.value.values()].filter((job) => job.rolloutId === rolloutId));
  }

  function isLoaded(incidentId: string): boolean {
    return loadedIncidents.value.has(incidentId);
  }

  function errorOf(incidentId: string): ApiRequestError | null {
    return errors.value.get(incidentId) ?? null;
  }

  function setError(incidentId: string, error: ApiRequestError | null): void {
    if (error === null && !errors.value.has(incidentId)) return;
    const next = new Map(errors.value);
    if (error) next.set(incidentId, error);
    else next.delete(incidentId);
    errors.value = next;
  }

  return {
    rolloutsById,
    jobsById,
    watchIncident,
    loadIncident,
    reload,
    applyRolloutUpdate,
    applyJobUpdate,
    approve,
    cancel,
    rolloutsOf,
    jobsOf,
    isLoaded,
    errorOf,
  };
});

function withEntry<T>(map: ReadonlyMap<string, T>, id: string, value: T): ReadonlyMap<string, T> {
  const next = new Map(map);
  next.set(id, value);
  return next;
}

function without<T>(map: ReadonlyMap<string, T>, drop: (value: T) => boolean): ReadonlyMap<string, T> {
  return new Map([...map].filter(([, value]) => !drop(value)));
}

/**
 * Takes in a complete answer for one incident: entries of that incident it no longer lists are dropped,
 * the listed ones replace what is known unless pushed live during the load or older than what is known.
 */
function mergeComplete<T extends { id: string }>(
  known: ReadonlyMap<string, T>,
  answered: readonly T[],
  ofIncident: (value: T) => boolean,
  pushedLive: ReadonlySet<string>,
  isStale: (candidate: T, current: T | undefined) => boolean,
): ReadonlyMap<string, T> {
  const listed = new Set(answered.map((value) => value.id));
  const next = new Map(
    [...known].filter(([id, value]) => !ofIncident(value) || listed.has(id) || pushedLive.has(id)),
  );
  for (const value of answered) {
    if (pushedLive.has(value.id) || isStale(value, next.get(value.id))) continue;
    next.set(value.id, value);
  }
  return next;
}
