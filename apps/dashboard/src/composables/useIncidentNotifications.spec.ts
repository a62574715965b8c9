import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { IncidentSummary, NotificationDelivery } from '@fleetmedic/protocol';
import { createPinia, setActivePinia } from 'pinia';
import { effectScope, ref } from 'vue';
import { OPEN_INCIDENT_REFRESH_MS } from '../notifications/delivery-status';
import { useIncidentsStore } from '../stores/incidents';
import { fakeFetch } from '../testing/fake-fetch';
import { jsonResponse, newIncident } from '../testing/factories';
import { NOTIFICATIONS_LIVE_DELAY_MS, useIncidentNotifications } from './useIncidentNotifications';

beforeEach(() => {
  setActivePinia(createPinia());
  jest.useFakeTimers({ now: Date.parse('2026-11-22T09:00:00.000Z') });
});
afterEach(() => {
  jest.useRealTimers();
  jest.restoreAllMocks();
});

function delivery(overrides: Partial<NotificationDelivery>): NotificationDelivery {
  return {
    id: 'd1',
    channelId: 'c1',
    channelName: 'Ops',
    channelType: 'webhook',
    incidentId: 'i1',
    kind: 'opened',
    headline: 'Service Spooler fails with 0x80070057 (E_INVALIDARG) on 5 PCs',
    status: 'pending',
    attempts: 0,
    createdAt: '2026-11-22T09:00:00.000Z',
    nextAttemptAt: '2026-11-22T09:00:00.000Z',
    lastAttemptAt: null,
    deliveredAt: null,
    lastStatusCode: null,
    lastError: null,
    ...overrides,
  };
}

describe('useIncidentNotifications', () => {
  it('follows a message from queued to delivered, then stops reading once the incident is long resolved', async () => {
    const incident = newIncident({ status: 'open', resolvedAt: null });
    let answer: NotificationDelivery[] = [];
    let reads = 0;
    fakeFetch({
      [`/api/incidents/${incident.id}/notifications`]: () => {
        reads += 1;
        return jsonResponse(200, { deliveries: answer });
      },
    });
    const summary = ref<Pick<IncidentSummary, 'status' | 'resolvedAt'> | null>(incident);
    const view = effectScope().run(() => useIncidentNotifications(ref(incident.id), summary))!;
    await jest.advanceTimersByTimeAsync(0);
    expect(view.loaded.value).toBe(true);
    expect(view.channels.value).toEqual([]);

    // Nothing sent yet while the burst settles: read again a few seconds later.
    answer = [delivery({})];
    await jest.advanceTimersByTimeAsync(OPEN_INCIDENT_REFRESH_MS);
    expect(view.channels.value[0]?.latest).toBe('sending');

    // Being sent now: read again a second later.
    answer = [
      delivery({
        status: 'delivered',
        attempts: 1,
        nextAttemptAt: null,
        deliveredAt: '2026-11-22T09:00:05.300Z',
      }),
    ];
    await jest.advanceTimersByTimeAsync(1_000);
    expect(view.channels.value[0]?.latest).toBe('delivered');

    // Resolved long ago: nothing more is expected.
    summary.value = { status: 'resolved', resolvedAt: '2026-11-22T08:00:00.000Z' };
    const readsBefore = reads;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(reads).toBe(readsBefore + 1);
  });

  it('reads again shortly after a live change of its incident', async () => {
    const incident = newIncident({ status: 'resolved', resolvedAt: '2026-11-22T07:00:00.000Z' });
    let reads = 0;
    fakeFetch({
      [`/api/incidents/${incident.id}/notifications`]: () => {
        reads += 1;
        return jsonResponse(200, { deliveries: [] });
      },
    });
    const view = effectScope().run(() => useIncidentNotifications(ref(incident.id), ref(incident)))!;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(reads).toBe(1);

    useIncidentsStore().applyIncidentUpdate({ ...incident, updatedAt: '2026-11-22T09:00:00.000Z' });
    await jest.advanceTimersByTimeAsync(NOTIFICATIONS_LIVE_DELAY_MS);
    expect(reads).toBe(2);
    expect(view.error.value).toBeNull();
  });

  it('says so when the messages cannot be read, and keeps trying while the incident is open', async () => {
    const incident = newIncident({ status: 'open', resolvedAt: null });
    let down = true;
    fakeFetch({
      [`/api/incidents/${incident.id}/notifications`]: () =>
        down ? Promise.reject(new TypeError('network down')) : jsonResponse(200, { deliveries: [] }),
    });
    const view = effectScope().run(() => useIncidentNotifications(ref(incident.id), ref(incident)))!;
    await jest.advanceTimersByTimeAsync(0);
    expect(view.error.value?.code).toBe('NETWORK_ERROR');
    down = false;
    await jest.advanceTimersByTimeAsync(OPEN_INCIDENT_REFRESH_MS);
    expect(view.error.value).toBeNull();
    expect(view.loaded.value).toBe(true);
  });
});
