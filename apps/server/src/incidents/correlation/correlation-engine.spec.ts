import type { CheckTransition } from '../../ingest/check-transition';
import type { CorrelationSettings, IncidentChange } from './correlation-types';
import { CorrelationEngine } from './correlation-engine';

const SETTINGS: CorrelationSettings = {
  minHosts: 2,
  minHostsKnownIssue: 1,
  windowMs: 10 * 60_000,
  settleMs: 60_000,
  reopenMs: 30 * 60_000,
};

function engine(settings: Partial<CorrelationSettings> = {}, known: string[] = []) {
  let next = 0;
  return new CorrelationEngine({
    settings: { ...SETTINGS, ...settings },
    newId: () => `incident-${++next}`,
    isKnownIssue: (fingerprint) => known.includes(fingerprint),
  });
}

function fails(hostId: string, at: number, code = '0x80070057', target = 'Spooler'): CheckTransition {
  return {
    hostId,
    check: 'service',
    target,
    before: { status: 'ok', code: null },
    after: { status: 'failing', code, evidence: [`${hostId} failed`] },
    at,
  };
}

function recovers(hostId: string, at: number, code = '0x80070057', target = 'Spooler'): CheckTransition {
  return {
    hostId,
    check: 'service',
    target,
    before: { status: 'failing', code },
    after: { status: 'ok', code: null, evidence: [] },
    at,
  };
}

const kinds = (changes: IncidentChange[]) => changes.map((change) => change.kind);

describe('CorrelationEngine', () => {
  it('opens one incident when a second host fails the same way, and grows as hosts join', () => {
    const correlation = engine();
    expect(correlation.apply(fails('a', 0))).toEqual([]);
    const opened = correlation.apply(fails('b', 1000));
    expect(kinds(opened)).toEqual(['opened']);
    expect(opened[0]?.incident.fingerprint).toBe('service:spooler:0x80070057');
    expect([...(opened[0]?.incident.hosts.keys() ?? [])].sort()).toEqual(['a', 'b']);
    expect(kinds(correlation.apply(fails('c', 2000)))).toEqual(['host-joined']);
    expect(correlation.openIncidents()).toHaveLength(1);
  });

  it('never counts the same host twice, however often it reports', () => {
    const correlation = engine();
    correlation.apply(fails('a', 0));
    expect(correlation.apply(fails('a', 500))).toEqual([]);
    expect(
      correlation.apply({ ...fails('a', 900), before: { status: 'failing', code: '0x80070057' } }),
    ).toEqual([]);
    expect(correlation.openIncidents()).toEqual([]);
  });

  it('opens for one host when the catalog knows the failure', () => {
    const correlation = engine({}, ['service:spooler:0x80070057']);
    expect(kinds(correlation.apply(fails('a', 0)))).toEqual(['opened']);
  });

  it('does not open for failures further apart than the window', () => {
    const correlation = engine();
    correlation.apply(fails('a', 0));
    correlation.apply(recovers('a', 1000));
    correlation.sweep(SETTINGS.windowMs + 2000);
    expect(correlation.apply(fails('b', SETTINGS.windowMs + 2000))).toEqual([]);
  });

  it('counts a host that failed and recovered within the window', () => {
    const correlation = engine();
    correlation.apply(fails('a', 0));
    correlation.apply(recovers('a', 1000));
    const [opened] = correlation.apply(fails('b', 5000));
    expect(opened?.kind).toBe('opened');
    expect(opened?.incident.hosts.get('a')?.recoveredAt).toBe(1000);
  });

  it('resolves once every host has been healthy for the settle time', () => {
    const correlation = engine();
    correlation.apply(fails('a', 0));
    correlation.apply(fails('b', 0));
    expect(kinds(correlation.apply(recovers('a', 10_000)))).toEqual(['host-recovered']);
    correlation.apply(recovers('b', 20_000));
    expect(correlation.sweep(20_000 + SETTINGS.settleMs - 1)).toEqual([]);
    expect(kinds(correlation.sweep(20_000 + SETTINGS.settleMs))).toEqual(['resolved']);
    expect(correlation.openIncidents()).toEqual([]);
  });

  it('does not resolve while a flapping host keeps failing again, and reports no loop of incidents', () => {
    const correlation = engine();
    correlation.apply(fails('a', 0));
    correlation.apply(fails('b', 0));
    const seen: string[] = [];
    let t = 1000;
    for (let i = 0; i < 20; i += 1) {
      seen.push(...kinds(correlation.apply(recovers('a', (t += 5000)))));
      seen.push(...kinds(correlation.sweep(t)));
      seen.push(...kinds(correlation.apply(fails('a', (t += 5000)))));
    }
    expect(seen).not.toContain('resolved');
    expect(seen).not.toContain('opened');
    expect(correlation.openIncidents()).toHaveLength(1);
  });

  it('reopens the same incident when the failure returns soon after resolving', () => {
    const correlation = engine();
    const [opened] = [...correlation.apply(fails('a', 0)), ...correlation.apply(fails('b', 0))];
    correlation.apply(recovers('a', 1000));
    correlation.apply(recovers('b', 1000));
    correlation.sweep(1000 + SETTINGS.settleMs);
    // One affected host failing again is the same failure recurring: the incident reopens at once.
    const [reopened] = correlation.apply(fails('a', 200_000));
    expect(reopened).toMatchObject({
      kind: 'reopened',
      incident: { id: opened?.incident.id, status: 'open' },
    });
    expect(kinds(correlation.apply(fails('c', 201_000)))).toEqual(['host-joined']);
    expect([...(reopened?.incident.hosts.keys() ?? [])].sort()).toEqual(['a', 'b', 'c']);
  });

  it('opens a new incident when the failure returns long after', () => {
    const correlation = engine();
    correlation.apply(fails('a', 0));
    const [first] = correlation.apply(fails('b', 0));
    correlation.apply(recovers('a', 1000));
    correlation.apply(recovers('b', 1000));
    correlation.sweep(1000 + SETTINGS.settleMs);
    const later = 1000 + SETTINGS.settleMs + SETTINGS.reopenMs + SETTINGS.windowMs + 1;
    correlation.sweep(later);
    correlation.apply(fails('a', later));
    const [second] = correlation.apply(fails('b', later + 1));
    expect(second?.kind).toBe('opened');
    expect(second?.incident.id).not.toBe(first?.incident.id);
  });

  it('treats a change of error code as recovering from one failure and failing with another', () => {
    const correlation = engine({}, ['service:spooler:0x80070057']);
    correlation.apply(fails('a', 0));
    const changes = correlation.apply({
      ...fails('a', 1000, '0x80070005'),
      before: { status: 'failing', code: '0x80070057' },
    });
    expect(kinds(changes)).toEqual(['host-recovered']);
  });

  it('restores open incidents and current failures after a restart', () => {
    const first = engine();
    first.apply(fails('a', 0));
    const [opened] = first.apply(fails('b', 0));
    const restarted = engine();
    restarted.restore([opened!.incident], [fails('a', 0), fails('b', 0)]);
    expect(kinds(restarted.apply(fails('c', 1000)))).toEqual(['host-joined']);
  });
});
