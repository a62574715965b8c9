import { countFleet, hostHealth } from './fleet-health';

describe('hostHealth', () => {
  it('is failing when any check fails, healthy when something is ok, unknown otherwise', () => {
    expect(hostHealth([{ status: 'ok' }, { status: 'failing' }])).toBe('failing');
    expect(hostHealth([{ status: 'ok' }, { status: 'unknown' }])).toBe('healthy');
    expect(hostHealth([{ status: 'unknown' }])).toBe('unknown');
    expect(hostHealth([])).toBe('unknown');
  });
});

describe('countFleet', () => {
  it('counts a failing host that went offline as failing and offline, never healthy', () => {
    expect(
      countFleet([
        { online: true, health: 'healthy' },
        { online: false, health: 'healthy' },
        { online: false, health: 'failing' },
        { online: true, health: 'unknown' },
      ]),
    ).toEqual({ total: 4, online: 2, offline: 2, healthy: 1, failing: 1 });
  });
});
