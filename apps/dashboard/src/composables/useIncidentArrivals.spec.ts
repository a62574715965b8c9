import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { createPinia, setActivePinia } from 'pinia';
import { effectScope } from 'vue';
import { useIncidentsStore } from '../stores/incidents';
import { fakeFetch } from '../testing/fake-fetch';
import { jsonResponse, newIncident } from '../testing/factories';
import { ARRIVAL_HIGHLIGHT_MS, useIncidentArrivals } from './useIncidentArrivals';

beforeEach(() => {
  setActivePinia(createPinia());
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

async function setUp(known: ReturnType<typeof newIncident>[]) {
  fakeFetch({ '/api/incidents': () => jsonResponse(200, { incidents: known }) });
  const incidents = useIncidentsStore();
  await incidents.loadIncidents('all');
  jest.useFakeTimers();
  const scope = effectScope();
  const arrived = scope.run(() => useIncidentArrivals())!;
  return { incidents, arrived, scope };
}

describe('useIncidentArrivals', () => {
  it('marks an incident that opens or reopens live, for a moment', async () => {
    const resolved = newIncident({ status: 'resolved' });
    const { incidents, arrived } = await setUp([resolved]);

    const fresh = newIncident();
    incidents.applyIncidentUpdate(fresh);
    incidents.applyIncidentUpdate({ ...resolved, status: 'open', updatedAt: '2026-11-22T09:00:00.000Z' });

    expect([...arrived.value].sort()).toEqual([fresh.id, resolved.id].sort());
    jest.advanceTimersByTime(ARRIVAL_HIGHLIGHT_MS);
    expect(arrived.value.size).toBe(0);
  });

  it('does not mark an open incident that merely grew, nor one that resolved', async () => {
    const open = newIncident();
    const { incidents, arrived } = await setUp([open]);

    incidents.applyIncidentUpdate({ ...open, hostCount: 9, updatedAt: '2026-11-22T09:00:00.000Z' });
    incidents.applyIncidentUpdate(newIncident({ status: 'resolved' }));

    expect(arrived.value.size).toBe(0);
  });

  it('stops listening when its page goes away', async () => {
    const { incidents, arrived, scope } = await setUp([]);
    scope.stop();

    incidents.applyIncidentUpdate(newIncident());

    expect(arrived.value.size).toBe(0);
  });
});
