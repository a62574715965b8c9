import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { IncidentDetail, IncidentSummary } from '@fleetmedic/protocol';
import { createPinia, setActivePinia } from 'pinia';
import { effectScope, ref } from 'vue';
import { useIncidentsStore } from '../stores/incidents';
import { fakeFetch } from '../testing/fake-fetch';
import { jsonResponse, newIncident, newIncidentHost } from '../testing/factories';
import { LIVE_REFRESH_DELAY_MS, useIncidentDetail } from './useIncidentDetail';

beforeEach(() => {
  setActivePinia(createPinia());
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

function detailOf(summary: IncidentSummary, hosts: number): IncidentDetail {
  return {
    ...summary,
    decoded: null,
    hosts: Array.from({ length: hosts }, () => newIncidentHost()),
    commonFactors: [],
    knownIssues: [],
    timeline: [],
  };
}

describe('useIncidentDetail', () => {
  it('refetches once, shortly after a burst of live updates for its incident, and ignores others', async () => {
    const incident = newIncident({ hostCount: 3 });
    let hosts = 3;
    let fetches = 0;
    fakeFetch({
      [`/api/incidents/${incident.id}`]: () => {
        fetches += 1;
        return jsonResponse(200, detailOf({ ...incident, hostCount: hosts }, hosts));
      },
    });
    const incidents = useIncidentsStore();
    const detail = effectScope().run(() => useIncidentDetail(ref(incident.id)))!;
    await jest.advanceTimersByTimeAsync(0);
    expect(detail.detail.value?.hosts).toHaveLength(3);

    hosts = 5;
    incidents.applyIncidentUpdate(newIncident());
    for (const count of [4, 5]) {
      incidents.applyIncidentUpdate({
        ...incident,
        hostCount: count,
        updatedAt: `2026-11-22T09:0${count}:00.000Z`,
      });
    }
    // The summary is live at once; the hosts follow with the refetch.
    expect(detail.summary.value?.hostCount).toBe(5);
    await jest.advanceTimersByTimeAsync(LIVE_REFRESH_DELAY_MS - 1);
    expect(fetches).toBe(1);
    await jest.advanceTimersByTimeAsync(1);

    expect(fetches).toBe(2);
    expect(detail.detail.value?.hosts).toHaveLength(5);
  });

  it('keeps what it shows when a live refetch fails, and says the incident is gone on a 404', async () => {
    const incident = newIncident();
    let answer: 'ok' | 'down' | 'gone' = 'ok';
    fakeFetch({
      [`/api/incidents/${incident.id}`]: () => {
        if (answer === 'down') return Promise.reject(new TypeError('network down'));
        if (answer === 'gone')
          return jsonResponse(404, { statusCode: 404, code: 'INCIDENT_NOT_FOUND', message: 'No incident.' });
        return jsonResponse(200, detailOf(incident, 2));
      },
    });
    const incidents = useIncidentsStore();
    const detail = effectScope().run(() => useIncidentDetail(ref(incident.id)))!;
    await jest.advanceTimersByTimeAsync(0);

    answer = 'down';
    incidents.applyIncidentUpdate(incident);
    await jest.advanceTimersByTimeAsync(LIVE_REFRESH_DELAY_MS);
    expect(detail.detail.value?.hosts).toHaveLength(2);
    expect(detail.error.value?.code).toBe('NETWORK_ERROR');

    answer = 'gone';
    await detail.reload();
    expect(detail.detail.value).toBeNull();
    expect(detail.error.value?.code).toBe('INCIDENT_NOT_FOUND');
  });

  it('acknowledges, shows it at once, and fetches the timeline that now says so', async () => {
    const incident = newIncident();
    let fetches = 0;
    fakeFetch({
      [`/api/incidents/${incident.id}`]: () => {
        fetches += 1;
        return jsonResponse(200, detailOf(incident, 1));
      },
      [`/api/incidents/${incident.id}/ack`]: () =>
        jsonResponse(200, { ...incident, acknowledgedAt: '2026-11-22T09:00:00.000Z' }),
    });
    const detail = effectScope().run(() => useIncidentDetail(ref(incident.id)))!;
    await jest.advanceTimersByTimeAsync(0);

    await detail.acknowledge();

    expect(detail.summary.value?.acknowledgedAt).toBe('2026-11-22T09:00:00.000Z');
    expect(detail.acknowledging.value).toBe(false);
    await jest.advanceTimersByTimeAsync(LIVE_REFRESH_DELAY_MS);
    expect(fetches).toBe(2);
  });
});
