/**
 * The chat messages about one incident for its page (`GET /api/incidents/:id/notifications`), grouped by
 * channel. The server pushes no live event for deliveries, so the page reads them again: shortly after the
 * incident changes (its news follows the server's group wait), when a message is due, and every few seconds
 * while the incident is open or just resolved (see `nextRefreshDelay`).
 */
import type { IncidentSummary, NotificationDelivery } from '@fleetmedic/protocol';
import { computed, onScopeDispose, type Ref, ref, shallowRef, watch } from 'vue';
import { type ApiRequestError, asApiRequestError, isAbort } from '../api/client';
import { listIncidentNotifications } from '../api/channels';
import { RefreshScheduler } from '../incidents/refresh-scheduler';
import { groupByChannel, nextRefreshDelay } from '../notifications/delivery-status';
import { useIncidentsStore } from '../stores/incidents';

/** How long after a live change of the incident its messages are read again. */
export const NOTIFICATIONS_LIVE_DELAY_MS = 1_000;

export function useIncidentNotifications(
  incidentId: Readonly<Ref<string>>,
  incident: Readonly<Ref<Pick<IncidentSummary, 'status' | 'resolvedAt'> | null>>,
) {
  const incidents = useIncidentsStore();
  const deliveries = shallowRef<NotificationDelivery[]>([]);
  const loaded = ref(false);
  const error = shallowRef<ApiRequestError | null>(null);
  let controller: AbortController | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  function schedule(): void {
    clearTimeout(timer);
    timer = undefined;
    if (disposed) return;
    const delay = nextRefreshDelay({
      deliveries: deliveries.value,
      incident: incident.value,
      now: Date.now(),
    });
    if (delay !== null) timer = setTimeout(() => void load(true), delay);
  }

  async function load(quiet = false): Promise<void> {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    const id = incidentId.value;
    if (!quiet) error.value = null;
    try {
      const answer = await listIncidentNotifications(id, current.signal);
      deliveries.value = answer.deliveries;
      error.value = null;
      loaded.value = true;
    } catch (failure) {
      if (isAbort(failure)) return;
      error.value = asApiRequestError(failure);
      // The incident is gone: nothing more will be sent about it.
      if (error.value.statusCode === 404) {
        deliveries.value = [];
        clearTimeout(timer);
        return;
      }
    } finally {
      if (controller === current) controller = null;
    }
    schedule();
  }

  const liveRefresh = new RefreshScheduler(() => load(true), NOTIFICATIONS_LIVE_DELAY_MS);

  watch(
    incidentId,
    () => {
      liveRefresh.cancel();
      clearTimeout(timer);
      deliveries.value = [];
      loaded.value = false;
      void load();
    },
    { immediate: true },
  );
  // An incident resolved (or reopened) while nothing was due: start reading again.
  watch(
    () => incident.value?.status,
    () => {
      if (timer === undefined && controller === null && loaded.value) schedule();
    },
  );
  incidents.$onAction(({ name, args }) => {
    if (name === 'applyIncidentUpdate' && args[0].id === incidentId.value) liveRefresh.request();
  });
  onScopeDispose(() => {
    disposed = true;
    clearTimeout(timer);
    liveRefresh.dispose();
    controller?.abort();
  });

  const channels = computed(() => groupByChannel(deliveries.value));

  return { deliveries, channels, loaded, error, reload: () => load() };
}
