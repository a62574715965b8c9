import { describe, expect, it } from '@jest/globals';
import { newCheck, newHost } from '../testing/factories';
import { countFleet, filterHosts, findServiceCheck, otherFailingChecks, sortHosts } from './hosts';

const spoolerFailing = newCheck({
  target: 'Spooler',
  status: 'failing',
  code: '0x80070057',
  facts: { displayName: 'Print Spooler', state: 'STOPPED', win32ExitCode: 87 },
});
const patchFailing = newCheck({
  check: 'patch',
  target: 'KB5005030',
  status: 'failing',
  code: '0x8e5e03fa',
  facts: {},
});

const caseA = newHost({ hostname: 'PC-ACCT-07', health: 'failing', checks: [spoolerFailing] });
const caseB = newHost({
  hostname: 'PC-HR-02',
  health: 'failing',
  osBuild: '19044.1288',
  checks: [patchFailing],
});
const offline = newHost({
  hostname: 'PC-LAB-10',
  online: false,
  health: 'unknown',
  checks: [],
  lastSeenAt: null,
});
const healthy = newHost({ hostname: 'PC-LAB-9', osBuild: '17763.2183' });
const fleet = [caseA, caseB, offline, healthy];

const hostnames = (hosts: { hostname: string }[]): string[] => hosts.map((host) => host.hostname);

describe('countFleet', () => {
  it('counts failing hosts whether online or not, like the server samples', () => {
    const offlineFailing = newHost({ online: false, health: 'failing' });
    expect(countFleet([...fleet, offlineFailing])).toEqual({
      total: 5,
      online: 3,
      offline: 2,
      failing: 3,
      healthy: 1,
    });
  });
});

describe('findServiceCheck', () => {
  it('finds a service whatever the case of its name, and only service checks', () => {
    const host = newHost({
      checks: [newCheck({ target: 'spooler' }), newCheck({ check: 'registry', target: 'BITS' })],
    });
    expect(findServiceCheck(host, 'Spooler')?.target).toBe('spooler');
    expect(findServiceCheck(host, 'BITS')).toBeUndefined();
  });
});

describe('otherFailingChecks', () => {
  it('lists failing checks the table has no column for', () => {
    expect(otherFailingChecks(caseA)).toEqual([]);
    expect(otherFailingChecks(caseB)).toEqual([patchFailing]);
  });
});

describe('filterHosts', () => {
  it('keeps everything with no text and mode "all"', () => {
    expect(filterHosts(fleet, { text: '  ', mode: 'all' })).toHaveLength(4);
  });

  it('shows only failing or only offline hosts', () => {
    expect(hostnames(filterHosts(fleet, { text: '', mode: 'failing' }))).toEqual(['PC-ACCT-07', 'PC-HR-02']);
    expect(hostnames(filterHosts(fleet, { text: '', mode: 'offline' }))).toEqual(['PC-LAB-10']);
  });

  it('matches hostname and OS build, ignoring case', () => {
    expect(hostnames(filterHosts(fleet, { text: 'pc-lab', mode: 'all' }))).toEqual(['PC-LAB-10', 'PC-LAB-9']);
    expect(hostnames(filterHosts(fleet, { text: '19044', mode: 'all' }))).toEqual(['PC-HR-02']);
  });

  it('finds the hosts failing with an error code or on a KB', () => {
    expect(hostnames(filterHosts(fleet, { text: '0x80070057', mode: 'all' }))).toEqual(['PC-ACCT-07']);
    expect(hostnames(filterHosts(fleet, { text: 'kb5005030', mode: 'all' }))).toEqual(['PC-HR-02']);
  });

  it('requires every word to match, within the chosen mode', () => {
    expect(hostnames(filterHosts(fleet, { text: 'pc 0x8e5e03fa', mode: 'all' }))).toEqual(['PC-HR-02']);
    expect(filterHosts(fleet, { text: 'PC-LAB', mode: 'failing' })).toEqual([]);
  });

  it('does not match a healthy service by its name', () => {
    expect(hostnames(filterHosts([healthy], { text: 'spooler', mode: 'all' }))).toEqual([]);
  });
});

describe('sortHosts', () => {
  it('sorts hostnames naturally (PC-LAB-9 before PC-LAB-10)', () => {
    expect(hostnames(sortHosts(fleet, 'hostname', 'asc'))).toEqual([
      'PC-ACCT-07',
      'PC-HR-02',
      'PC-LAB-9',
      'PC-LAB-10',
    ]);
  });

  it('puts trouble first by health, then by hostname', () => {
    expect(hostnames(sortHosts(fleet, 'health', 'asc'))).toEqual([
      'PC-ACCT-07',
      'PC-HR-02',
      'PC-LAB-10',
      'PC-LAB-9',
    ]);
  });

  it('sorts by last seen with never-seen hosts last when newest come first', () => {
    const recent = newHost({ hostname: 'RECENT', lastSeenAt: '2026-11-22T09:00:00.000Z' });
    const sorted = sortHosts([offline, healthy, recent], 'lastSeen', 'desc');
    expect(hostnames(sorted)).toEqual(['RECENT', 'PC-LAB-9', 'PC-LAB-10']);
  });

  it('does not change the list it is given', () => {
    const input = [healthy, caseA];
    sortHosts(input, 'hostname', 'asc');
    expect(input).toEqual([healthy, caseA]);
  });
});
