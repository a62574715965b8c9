import { describe, expect, it } from '@jest/globals';
import { newIncident } from '../testing/factories';
import { countByTab, isIncidentListTab, isStale, matchesTab, sortIncidents, topOpenIncidents } from './list';

const at = (minute: number): string => new Date(Date.UTC(2026, 10, 22, 8, minute)).toISOString();
const targets = (incidents: { target: string }[]): string[] => incidents.map((incident) => incident.target);

describe('incident list tabs', () => {
  it('knows its tabs, and nothing else, from the address', () => {
    expect(['open', 'resolved', 'all'].every(isIncidentListTab)).toBe(true);
    expect(isIncidentListTab('closed')).toBe(false);
    expect(isIncidentListTab(['open'])).toBe(false);
    expect(isIncidentListTab(undefined)).toBe(false);
  });

  it('shows an incident under its status and under all, and counts each tab', () => {
    const open = newIncident({ status: 'open' });
    const resolved = newIncident({ status: 'resolved', resolvedAt: at(9) });
    expect(matchesTab(open, 'open')).toBe(true);
    expect(matchesTab(open, 'resolved')).toBe(false);
    expect(matchesTab(resolved, 'all')).toBe(true);
    expect(countByTab([open, resolved, newIncident()])).toEqual({ open: 2, resolved: 1, all: 3 });
  });
});

describe('sortIncidents', () => {
  it('puts open incidents first, the newest on top, so a new one does not hide below older ones', () => {
    const sorted = sortIncidents([
      newIncident({ target: 'old-open', openedAt: at(1), updatedAt: at(30) }),
      newIncident({ target: 'resolved', status: 'resolved', openedAt: at(20), resolvedAt: at(25) }),
      newIncident({ target: 'new-open', openedAt: at(10), updatedAt: at(10) }),
    ]);
    expect(targets(sorted)).toEqual(['new-open', 'old-open', 'resolved']);
  });

  it('orders resolved incidents by when they resolved, latest first', () => {
    const sorted = sortIncidents([
      newIncident({ target: 'early', status: 'resolved', openedAt: at(30), resolvedAt: at(31) }),
      newIncident({ target: 'late', status: 'resolved', openedAt: at(1), resolvedAt: at(40) }),
    ]);
    expect(targets(sorted)).toEqual(['late', 'early']);
  });
});

describe('topOpenIncidents', () => {
  it('picks open incidents with the most hosts failing now, up to the limit', () => {
    const top = topOpenIncidents(
      [
        newIncident({ target: 'two', failingHostCount: 2 }),
        newIncident({ target: 'nine', failingHostCount: 9 }),
        newIncident({ target: 'resolved', status: 'resolved', failingHostCount: 50 }),
        newIncident({ target: 'five-new', failingHostCount: 5, openedAt: at(5) }),
        newIncident({ target: 'five-old', failingHostCount: 5, openedAt: at(1) }),
      ],
      3,
    );
    expect(targets(top)).toEqual(['nine', 'five-new', 'five-old']);
  });
});

describe('isStale', () => {
  it('calls a copy stale only when the one held is strictly newer', () => {
    const held = newIncident({ updatedAt: at(5) });
    expect(isStale({ ...held, updatedAt: at(4) }, held)).toBe(true);
    expect(isStale({ ...held, updatedAt: at(5), acknowledgedAt: at(5) }, held)).toBe(false);
    expect(isStale({ ...held, updatedAt: at(6) }, held)).toBe(false);
    expect(isStale(held, undefined)).toBe(false);
  });
});
