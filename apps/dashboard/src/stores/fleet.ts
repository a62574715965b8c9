/**
 * The fleet's hosts as the dashboard knows them: loaded from `GET /api/hosts`, then kept current by the
 * live `host.updated` events (a full summary each: insert or replace).
 */
import type { HostSummary } from '@fleetmedic/protocol';
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { type ApiRequestError, asApiRequestError, isAbort } from '../api/client';
import { listHosts } from '../api/hosts';
import { countFleet } from '../fleet/hosts';

interface HostListLoad {
  controller: AbortController;
  /** Live updates that arrived while this load was in flight: newer than what the response may hold. */
  liveUpdates: Map<string, HostSummary>;
}

export const useFleetStore = defineStore('fleet', () => {
  // Summaries are immutable snapshots replaced whole, so a shallow ref of a map that is itself replaced on
  // change is enough; it spares deep proxies over every check of every host.
  const hostsById = shallowRef<ReadonlyMap<string, HostSummary>>(new Map());
  const loading = ref(false);
  /** True once a host list has been loaded; until then an empty table means "not known yet". */
  const loaded = ref(false);
  const error = shallowRef<ApiRequestError | null>(null);

  const hosts = computed(() => [...hostsById.value.values()]);
  const counts = computed(() => countFleet(hostsById.value.values()));

  let activeLoad: HostListLoad | null = null;

  /** Loads the host list; a newer call supersedes one still in flight. Failures land in `error`. */
  async function loadHosts(): Promise<void> {
    activeLoad?.controller.abort();
    const load: HostListLoad = { controller: new AbortController(), liveUpdates: new Map() };
    activeLoad = load;
    loading.value = true;
    try {
      const list = await listHosts(load.controller.signal);
      if (activeLoad !== load) return;
      const next = new Map(list.hosts.map((host) => [host.id, host]));
      for (const [id, host] of load.liveUpdates) next.set(id, host);
      hostsById.value = next;
      loaded.value = true;
      error.value = null;
    } catch (failure) {
      if (activeLoad !== load || isAbort(failure)) return;
      // Keep the hosts we had: a stale table with an error banner beats an empty one.
      error.value = asApiRequestError(failure);
    } finally {
      if (activeLoad === load) {
        activeLoad = null;
        loading.value = false;
      }
    }
  }

  function applyHostUpdate(host: HostSummary): void {
    activeLoad?.liveUpdates.set(host.id, host);
    const next = new Map(hostsById.value);
    next.set(host.id, host);
    hostsById.value = next;
  }

  function hostById(id: string): HostSummary | undefined {
    return hostsById.value.get(id);
  }

  return { hostsById, hosts, counts, loading, loaded, error, loadHosts, applyHostUpdate, hostById };
});
