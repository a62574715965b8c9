/**
 * One host's detail for the host page: facts from `GET /api/hosts/:id`, and the summary part (online,
 * health, checks) from the fleet store as soon as it holds the host, since live updates keep that fresher.
 */
import type { HostDetail, HostSummary } from '@fleetmedic/protocol';
import { computed, onScopeDispose, type Ref, ref, shallowRef, watch } from 'vue';
import { type ApiRequestError, asApiRequestError, isAbort } from '../api/client';
import { getHost } from '../api/hosts';
import { useFleetStore } from '../stores/fleet';

export function useHostDetail(id: Ref<string>) {
  const fleet = useFleetStore();
  const detail = shallowRef<HostDetail | null>(null);
  const loading = ref(false);
  const error = shallowRef<ApiRequestError | null>(null);
  let controller: AbortController | null = null;

  async function load(): Promise<void> {
    controller?.abort();
    const current = new AbortController();
    controller = current;
    loading.value = true;
    error.value = null;
    try {
      detail.value = await getHost(id.value, current.signal);
    } catch (failure) {
      if (isAbort(failure)) return;
      detail.value = null;
      error.value = asApiRequestError(failure);
    } finally {
      if (controller === current) {
        controller = null;
        loading.value = false;
      }
    }
  }

  watch(id, () => void load(), { immediate: true });
  onScopeDispose(() => controller?.abort());

  // Never show the previous host's data under the next one's address while its detail loads.
  const currentDetail = computed(() => (detail.value?.id === id.value ? detail.value : null));
  const summary = computed<HostSummary | null>(() => fleet.hostById(id.value) ?? currentDetail.value);
  const facts = computed(() => currentDetail.value?.facts ?? null);

  return { summary, facts, detail: currentDetail, loading, error, reload: load };
}
