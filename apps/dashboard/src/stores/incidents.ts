/**
 * The incidents as the dashboard knows them, by id: loaded from `GET /api/incidents?status=…`, then kept
 * current by the live `incident.updated` events (a full summary each: insert or replace). The same discipline
 * as the fleet store: an update pushed while a list is in flight wins over what that list says.
 */
import type { IncidentStatus, IncidentSummary } from '@fleetmedic/protocol';
import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import { type ApiRequestError, asApiRequestError, isAbort } from '../api/client';
import { acknowledgeIncident, type IncidentListStatus, listIncidents } from '../api/incidents';
import { countByTab, isStale } from '../incidents/list';

interface IncidentListLoad {
  status: IncidentListStatus;
  controller: AbortController;
  /** Live updates that arrived while this load was in flight: newer than what the response may hold. */
  liveUpdates: Map<string, IncidentSummary>;
}

/** The incident statuses a list of `status` answers for completely. */
function statusesOf(status: IncidentListStatus): readonly IncidentStatus[] {
  return status === 'all' ? ['open', 'resolved'] : [status];
}

export const useIncidentsStore = defineStore('incidents', () => {
  // Summaries are immutable snapshots replaced whole (see the fleet store): a shallow ref of a map that is
  // itself replaced on change.
  const incidentsById = shallowRef<ReadonlyMap<string, IncidentSummary>>(new Map());
  /** Statuses whose complete list has been loaded at least once; until then a missing row means "not known yet". */
  const loadedStatuses = shallowRef<ReadonlySet<IncidentStatus>>(new Set());
  const error = shallowRef<ApiRequestError | null>(null);
  const activeLoads = shallowRef<ReadonlyMap<IncidentListStatus, IncidentListLoad>>(new Map());

  const incidents = computed(() => [...incidentsById.value.values()]);
  const counts = computed(() => countByTab(incidentsById.value.values()));
  const loading = computed(() => activeLoads.value.size > 0);

  function isLoaded(status: IncidentListStatus): boolean {
    return statusesOf(status).every((covered) => loadedStatuses.value.has(covered));
  }

  function isLoading(status: IncidentListStatus): boolean {
    return activeLoads.value.has(status);
  }

  function setActiveLoad(status: IncidentListStatus, load: IncidentListLoad | null): void {
    const next = new Map(activeLoads.value);
    if (load) next.set(status, load);
    else next.delete(status);
    activeLoads.value = next;
  }

  /**
   * Loads the incidents of one status; a newer load of the same status supersedes one in flight. The answer
   * is complete for its statuses: an incident of those statuses it no longer lists is dropped (it changed
   * status while we were not listening, and the next list of its new status brings it back).
   */
  async function loadIncidents(status: IncidentListStatus = 'open'): Promise<void> {
    activeLoads.value.get(status)?.controller.abort();
    const load: IncidentListLoad = { status, controller: new AbortController(), liveUpdates: new Map() };
    setActiveLoad(status, load);
    try {
      const list = await listIncidents(status, load.controller.signal);
      if (activeLoads.value.get(status) !== load) return;
      const covered = new Set<IncidentStatus>(statusesOf(status));
      const listed = new Set(list.incidents.map((incident) => incident.id));
      const next = new Map(incidentsById.value);
      for (const [id, incident] of next) {
        if (covered.has(incident.status) && !listed.has(id) && !load.liveUpdates.has(id)) next.delete(id);
      }
      for (const incident of list.incidents) {
        if (load.liveUpdates.has(incident.id) || isStale(incident, next.get(incident.id))) continue;
        next.set(incident.id, incident);
      }
      incidentsById.value = next;
      loadedStatuses.value = new Set([...loadedStatuses.value, ...covered]);
      error.value = null;
    } catch (failure) {
      if (activeLoads.value.get(status) !== load || isAbort(failure)) return;
      // Keep the incidents we had: a stale table with an error banner beats an empty one.
      error.value = asApiRequestError(failure);
    } finally {
      if (activeLoads.value.get(status) === load) setActiveLoad(status, null);
    }
  }

  /** After a reconnect: refetches what the pages have asked for so far (at least the open incidents). */
  function reload(): Promise<void> {
    return loadIncidents(loadedStatuses.value.has('resolved') ? 'all' : 'open');
  }

  /** A summary pushed by the server (or answered by an acknowledgement): insert, or replace unless older. */
  function applyIncidentUpdate(incident: IncidentSummary): void {
    for (const load of activeLoads.value.values()) load.liveUpdates.set(incident.id, incident);
    if (isStale(incident, incidentsById.value.get(incident.id))) return;
    const next = new Map(incidentsById.value);
    next.set(incident.id, incident);
    incidentsById.value = next;
  }

  /** Acknowledges an incident and takes the server's answer in; failures are thrown to the caller. */
  async function acknowledge(id: string): Promise<IncidentSummary> {
    const incident = await acknowledgeIncident(id);
    applyIncidentUpdate(incident);
    return incident;
  }

  function incidentById(id: string): IncidentSummary | undefined {
    return incidentsById.value.get(id);
  }

  return {
    incidentsById,
    incidents,
    counts,
    loading,
    error,
    isLoaded,
    isLoading,
    loadIncidents,
    reload,
    applyIncidentUpdate,
    acknowledge,
    incidentById,
  };
});
