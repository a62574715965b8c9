/**
 * One incident for the incident page: the detail from `GET /api/incidents/:id`, refetched shortly after
 * each live `incident.updated` for it (bursts coalesced) so that hosts, factors and timeline stay live; the
 * summary part (status, counts, acknowledgement) from the store whenever the store's copy is at least as new.
 */
import type { IncidentDetail, IncidentSummary } from '@fleetmedic/protocol';
import { computed, onScopeDispose, type Ref, ref, shallowRef, watch } from 'vue';
import { type ApiRequestError, asApiRequestError, isAbort } from '../api/client';
import { getIncident } from '../api/incidents';
import { isStale } from '../incidents/list';
import { RefreshScheduler } from '../incidents/refresh-scheduler';
import { useIncidentsStore } from '../stores/incidents';

/** How long after a live update the detail is refetched; later updates in that time join the same refetch. */
export const LIVE_REFRESH_DELAY_MS = 250;

export function useIncidentDetail(id: Ref<string>) {
  const incidents = useIncidentsStore();
  const detail = shallowRef<IncidentDetail | null>(null);
  const loading = ref(false);
  const error = shallowRef<ApiRequestError | null>(null);
  const acknowledging = ref(false);
  const acknowledgeError = shallowRef<ApiRequestError | null>(null);
  let controller: AbortController | null = null;

  /** `quiet` refetches (live) keep what is shown while they run, and keep it if they fail. */
  async function load(quiet = false): Promise<void> {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    if (!quiet) {
      loading.value = true;
      error.value = null;
    }
    try {
      detail.value = await getIncident(id.value, current.signal);
      error.value = null;
    } catch (failure) {
      if (isAbort(failure)) return;
      const requestError = asApiRequestError(failure);
      if (!quiet || requestError.statusCode === 404) detail.value = null;
      error.value = requestError;
    } finally {
      if (controller === current) {
        controller = null;
        loading.value = false;
      }
    }
  }

  const liveRefresh = new RefreshScheduler(() => load(true), LIVE_REFRESH_DELAY_MS);

  watch(
    id,
    () => {
      liveRefresh.cancel();
      acknowledgeError.value = null;
      void load();
    },
    { immediate: true },
  );
  // Listens to the store's action rather than the socket: one live connection feeds everything.
  incidents.$onAction(({ name, args }) => {
    if (name === 'applyIncidentUpdate' && args[0].id === id.value) liveRefresh.request();
  });
  onScopeDispose(() => {
    liveRefresh.dispose();
    controller?.abort();
  });

  // Never show the previous incident's data under the next one's address while its detail loads.
  const currentDetail = computed(() => (detail.value?.id === id.value ? detail.value : null));
  const summary = computed<IncidentSummary | null>(() => {
    const live = incidents.incidentById(id.value);
    const fetched = currentDetail.value;
    if (live && (fetched === null || !isStale(live, fetched))) return live;
    return fetched;
  });

  async function acknowledge(): Promise<void> {
    acknowledging.value = true;
    acknowledgeError.value = null;
    try {
      const acknowledged = await incidents.acknowledge(id.value);
      if (detail.value?.id === acknowledged.id) detail.value = { ...detail.value, ...acknowledged };
      // The timeline gains an "acknowledged" event: fetch it (joins the refetch the server's push triggers).
      liveRefresh.request();
    } catch (failure) {
      acknowledgeError.value = asApiRequestError(failure);
    } finally {
      acknowledging.value = false;
    }
  }

  return {
    detail: currentDetail,
    summary,
    loading,
    error,
    reload: () => load(),
    acknowledging,
    acknowledgeError,
    acknowledge,
  };
}
