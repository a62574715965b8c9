import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { IncidentList, IncidentSummary } from '@fleetmedic/protocol';
import { createPinia, setActivePinia } from 'pinia';
import { fakeFetch } from '../testing/fake-fetch';
import { deferred, jsonResponse, newIncident } from '../testing/factories';
import { useIncidentsStore } from './incidents';

beforeEach(() => {
  setActivePinia(createPinia());
});
afterEach(() => {
  jest.restoreAllMocks();
});

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 22, 8, minute)).toISOString();
const targets = (incidents: IncidentSummary[]): string[] =>
  incidents.map((incident) => incident.target).sort();
const list = (incidents: IncidentSummary[]): Response =>
  jsonResponse(200, { incidents } satisfies IncidentList);

describe('incidents store', () => {
  it('loads the incidents of a status and says which statuses it knows completely', async () => {
    const statuses: (string | null)[] = [];
    fakeFetch({
      '/api/incidents': (url) => {
        statuses.push(url.searchParams.get('status'));
        return list([newIncident({ target: 'Spooler' })]);
      },
    });
    const incidents = useIncidentsStore();

    await incidents.loadIncidents('open');

    expect(statuses).toEqual(['open']);
    expect(targets(incidents.incidents)).toEqual(['Spooler']);
    expect(incidents.isLoaded('open')).toBe(true);
    expect(incidents.isLoaded('all')).toBe(false);
    expect(incidents.counts).toEqual({ open: 1, resolved: 0, all: 1 });
    expect(incidents.loading).toBe(false);
  });

  it('inserts an incident it did not know and replaces one it did', async () => {
    const known = newIncident({ target: 'Spooler', hostCount: 3, failingHostCount: 3 });
    fakeFetch({ '/api/incidents': () => list([known]) });
    const incidents = useIncidentsStore();
    await incidents.loadIncidents('open');

    incidents.applyIncidentUpdate({ ...known, hostCount: 5, failingHostCount: 5, updatedAt: at(30) });
    incidents.applyIncidentUpdate(newIncident({ target: 'KB5005030', check: 'patch' }));

    expect(targets(incidents.incidents)).toEqual(['KB5005030', 'Spooler']);
    expect(incidents.incidentById(known.id)?.failingHostCount).toBe(5);
  });

  it('ignores a pushed copy older than the one it holds', () => {
    const incidents = useIncidentsStore();
    const incident = newIncident({ updatedAt: at(10), failingHostCount: 5 });
    incidents.applyIncidentUpdate(incident);

    incidents.applyIncidentUpdate({ ...incident, updatedAt: at(9), failingHostCount: 1 });

    expect(incidents.incidentById(incident.id)?.failingHostCount).toBe(5);
  });

  it('keeps a live update that arrived while an older list was in flight', async () => {
    const incident = newIncident({ status: 'open', updatedAt: at(1) });
    const response = deferred<Response>();
    fakeFetch({ '/api/incidents': () => response.promise });
    const incidents = useIncidentsStore();

    const loading = incidents.loadIncidents('all');
    // The server's clock says the same instant, yet the push came after the list was read: it wins.
    incidents.applyIncidentUpdate({ ...incident, acknowledgedAt: at(1) });
    response.resolve(list([incident]));
    await loading;

    expect(incidents.incidentById(incident.id)?.acknowledgedAt).toBe(at(1));
  });

  it('drops an incident its status list no longer has, but keeps those of other statuses', async () => {
    const stillOpen = newIncident({ target: 'still-open' });
    const goneFromOpen = newIncident({ target: 'gone' });
    const resolved = newIncident({ target: 'resolved', status: 'resolved', resolvedAt: at(3) });
    let answer = [stillOpen, goneFromOpen, resolved];
    fakeFetch({
      '/api/incidents': (url) =>
        list(url.searchParams.get('status') === 'all' ? answer : answer.filter((i) => i.status === 'open')),
    });
    const incidents = useIncidentsStore();
    await incidents.loadIncidents('all');

    answer = [stillOpen, resolved];
    await incidents.loadIncidents('open');

    expect(targets(incidents.incidents)).toEqual(['resolved', 'still-open']);
    expect(incidents.isLoaded('all')).toBe(true);
  });

  it('reloads what has been asked for: all once resolved incidents were listed, else the open ones', async () => {
    const statuses: (string | null)[] = [];
    fakeFetch({
      '/api/incidents': (url) => {
        statuses.push(url.searchParams.get('status'));
        return list([]);
      },
    });
    const incidents = useIncidentsStore();

    await incidents.reload();
    await incidents.loadIncidents('all');
    await incidents.reload();

    expect(statuses).toEqual(['open', 'all', 'all']);
  });

  it('keeps the incidents it has and reports the server code when a reload fails', async () => {
    let fail = false;
    fakeFetch({
      '/api/incidents': () =>
        fail
          ? jsonResponse(503, {
              statusCode: 503,
              code: 'DATABASE_UNAVAILABLE',
              message: 'The database is down.',
            })
          : list([newIncident({ target: 'Spooler' })]),
    });
    const incidents = useIncidentsStore();
    await incidents.loadIncidents('open');

    fail = true;
    await incidents.loadIncidents('open');

    expect(targets(incidents.incidents)).toEqual(['Spooler']);
    expect(incidents.error).toMatchObject({ statusCode: 503, code: 'DATABASE_UNAVAILABLE' });
    expect(incidents.loading).toBe(false);
  });

  it('lets a newer load of a status win over an older one still in flight', async () => {
    const older = deferred<Response>();
    const responses = [() => older.promise, () => list([newIncident({ target: 'NEW' })])];
    fakeFetch({ '/api/incidents': () => responses.shift()!() });
    const incidents = useIncidentsStore();

    const first = incidents.loadIncidents('open');
    const second = incidents.loadIncidents('open');
    older.resolve(list([newIncident({ target: 'OLD' })]));
    await Promise.all([first, second]);

    expect(targets(incidents.incidents)).toEqual(['NEW']);
    expect(incidents.loading).toBe(false);
  });

  it('acknowledges with a POST and shows the answer at once', async () => {
    const incident = newIncident({ updatedAt: at(5) });
    const methods: string[] = [];
    fakeFetch({
      '/api/incidents': () => list([incident]),
      [`/api/incidents/${incident.id}/ack`]: (_url, init) => {
        methods.push(init?.method ?? 'GET');
        return jsonResponse(200, { ...incident, acknowledgedAt: at(6), updatedAt: at(6) });
      },
    });
    const incidents = useIncidentsStore();
    await incidents.loadIncidents('open');

    await incidents.acknowledge(incident.id);

    expect(methods).toEqual(['POST']);
    expect(incidents.incidentById(incident.id)?.acknowledgedAt).toBe(at(6));
  });
});
