/**
 * Which incidents just appeared as open on the live feed, for the table to highlight for a moment: new to
 * this tab or reopened, never those that merely came with a (re)loaded list.
 */
import { onScopeDispose, type Ref, shallowRef } from 'vue';
import { useIncidentsStore } from '../stores/incidents';

export const ARRIVAL_HIGHLIGHT_MS = 5_000;

export function useIncidentArrivals(): Readonly<Ref<ReadonlySet<string>>> {
  const incidents = useIncidentsStore();
  const arrived = shallowRef<ReadonlySet<string>>(new Set());
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  function forget(id: string): void {
    timers.delete(id);
    const next = new Set(arrived.value);
    next.delete(id);
    arrived.value = next;
  }

  incidents.$onAction(({ name, args }) => {
    if (name !== 'applyIncidentUpdate') return;
    const [incident] = args;
    // Runs before the action: the store still holds the previous copy, if any.
    const before = incidents.incidentById(incident.id);
    // Until the open list is in, an unknown incident is not necessarily a new one.
    if (incident.status !== 'open' || before?.status === 'open' || !incidents.isLoaded('open')) return;
    clearTimeout(timers.get(incident.id));
    timers.set(
      incident.id,
      setTimeout(() => forget(incident.id), ARRIVAL_HIGHLIGHT_MS),
    );
    arrived.value = new Set([...arrived.value, incident.id]);
  });
  onScopeDispose(() => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  });

  return arrived;
}
