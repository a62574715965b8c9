import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import type { HostList } from '@fleetmedic/protocol';
import { createPinia, setActivePinia } from 'pinia';
import { fakeFetch } from '../testing/fake-fetch';
import { deferred, jsonResponse, newCheck, newHost } from '../testing/factories';
import { useFleetStore } from './fleet';

beforeEach(() => {
  setActivePinia(createPinia());
});
afterEach(() => {
  jest.restoreAllMocks();
});

const hostnames = (hosts: { hostname: string }[]): string[] => hosts.map((host) => host.hostname).sort();

describe('fleet store', () => {
  it('loads the host list and counts the fleet', async () => {
    const hosts = [
      newHost({ hostname: 'PC-1' }),
      newHost({ hostname: 'PC-2', online: false, health: 'failing' }),
    ];
    fakeFetch({ '/api/hosts': () => jsonResponse(200, { hosts } satisfies HostList) });
    const fleet = useFleetStore();

    await fleet.loadHosts();

    expect(fleet.loaded).toBe(true);
    expect(fleet.loading).toBe(false);
    expect(hostnames(fleet.hosts)).toEqual(['PC-1', 'PC-2']);
    expect(fleet.counts).toMatchObject({ total: 2, online: 1, offline: 1, failing: 1 });
  });

  it('inserts a host it did not know and replaces one it did', async () => {
    const known = newHost({ hostname: 'PC-1' });
    fakeFetch({ '/api/hosts': () => jsonResponse(200, { hosts: [known] }) });
    const fleet = useFleetStore();
    await fleet.loadHosts();

    const failing = newCheck({ status: 'failing', code: '0x80070057', facts: { state: 'STOPPED' } });
    fleet.applyHostUpdate({ ...known, health: 'failing', checks: [failing] });
    fleet.applyHostUpdate(newHost({ hostname: 'PC-NEW' }));

    expect(hostnames(fleet.hosts)).toEqual(['PC-1', 'PC-NEW']);
    expect(fleet.hostById(known.id)?.checks[0]?.code).toBe('0x80070057');
    expect(fleet.counts).toMatchObject({ total: 2, failing: 1, healthy: 1 });
  });

  it('keeps a live update that arrived while an older host list was in flight', async () => {
    const host = newHost({ hostname: 'PC-1', online: true });
    const response = deferred<Response>();
    fakeFetch({ '/api/hosts': () => response.promise });
    const fleet = useFleetStore();

    const loading = fleet.loadHosts();
    fleet.applyHostUpdate({ ...host, online: false });
    response.resolve(jsonResponse(200, { hosts: [host] }));
    await loading;

    expect(fleet.hostById(host.id)?.online).toBe(false);
  });

  it('keeps the hosts it has and reports the server code when a reload fails', async () => {
    const host = newHost({ hostname: 'PC-1' });
    let fail = false;
    fakeFetch({
      '/api/hosts': () =>
        fail
          ? jsonResponse(503, {
              statusCode: 503,
              code: 'DATABASE_UNAVAILABLE',
              message: 'The database is down.',
            })
          : jsonResponse(200, { hosts: [host] }),
    });
    const fleet = useFleetStore();
    await fleet.loadHosts();

    fail = true;
    await fleet.loadHosts();

    expect(hostnames(fleet.hosts)).toEqual(['PC-1']);
    expect(fleet.error).toMatchObject({
      statusCode: 503,
      code: 'DATABASE_UNAVAILABLE',
      message: 'The database is down.',
    });
    expect(fleet.loading).toBe(false);
  });

  it('clears the error once a load succeeds again', async () => {
    let up = false;
    fakeFetch({
      '/api/hosts': () => (up ? jsonResponse(200, { hosts: [] }) : Promise.reject(new TypeError('down'))),
    });
    const fleet = useFleetStore();

    await fleet.loadHosts();
    expect(fleet.error?.code).toBe('NETWORK_ERROR');

    up = true;
    await fleet.loadHosts();
    expect(fleet.error).toBeNull();
    expect(fleet.loaded).toBe(true);
  });

  it('lets a newer load win over an older one still in flight', async () => {
    const older = deferred<Response>();
    const responses = [
      () => older.promise,
      () => jsonResponse(200, { hosts: [newHost({ hostname: 'NEW' })] }),
    ];
    fakeFetch({ '/api/hosts': () => responses.shift()!() });
    const fleet = useFleetStore();

    const first = fleet.loadHosts();
    const second = fleet.loadHosts();
    older.resolve(jsonResponse(200, { hosts: [newHost({ hostname: 'OLD' })] }));
    await Promise.all([first, second]);

    expect(hostnames(fleet.hosts)).toEqual(['NEW']);
    expect(fleet.error).toBeNull();
    expect(fleet.loading).toBe(false);
  });
});
