/**
 * The fleet-health series behind the chart: loaded from `GET /api/fleet/history`, then appended to by the
 * live `fleet.sample` events. Bounded in time and in length so a tab left open for a week stays light.
 */
import type { FleetSample } from '@fleetmedic/protocol';
import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import { type ApiRequestError, asApiRequestError, isAbort } from '../api/client';
import { getFleetHistory } from '../api/fleet';
import { appendSample as appendToSeries, mergeSamples, type SeriesLimits } from '../fleet/samples';

/** How far back the chart looks. */
export const HISTORY_MINUTES = 60;
/** At most this many points, even if the server samples faster than expected. */
export const MAX_SAMPLES = 2000;

const LIMITS: SeriesLimits = { maxSamples: MAX_SAMPLES, windowMs: HISTORY_MINUTES * 60_000 };

interface HistoryLoad {
  controller: AbortController;
  liveSamples: FleetSample[];
}

export const useHistoryStore = defineStore('history', () => {
  const samples = shallowRef<readonly FleetSample[]>([]);
  const loading = ref(false);
  const loaded = ref(false);
  const error = shallowRef<ApiRequestError | null>(null);

  let activeLoad: HistoryLoad | null = null;

  async function loadHistory(): Promise<void> {
    activeLoad?.controller.abort();
    const load: HistoryLoad = { controller: new AbortController(), liveSamples: [] };
    activeLoad = load;
    loading.value = true;
    try {
      const history = await getFleetHistory(HISTORY_MINUTES, load.controller.signal);
      if (activeLoad !== load) return;
      // The server's series replaces ours (it may have samples we missed while disconnected); samples pushed
      // live while the request was in flight are merged back in.
      samples.value = mergeSamples(history.samples, load.liveSamples, LIMITS);
      loaded.value = true;
      error.value = null;
    } catch (failure) {
      if (activeLoad !== load || isAbort(failure)) return;
      error.value = asApiRequestError(failure);
    } finally {
      if (activeLoad === load) {
        activeLoad = null;
        loading.value = false;
      }
    }
  }

  function appendSample(sample: FleetSample): void {
    activeLoad?.liveSamples.push(sample);
    samples.value = appendToSeries(samples.value, sample, LIMITS);
  }

  return { samples, loading, loaded, error, loadHistory, appendSample };
});
