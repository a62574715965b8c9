import {
  type GroupingSettings,
  type IncidentNow,
  type Told,
  newsFor,
  nextAllowedAt,
  reminderDueAt,
  settledAt,
} from './alert-grouping';

const settings: GroupingSettings = {
  groupWaitMs: 5_000,
  groupIntervalMs: 60_000,
  repeatIntervalMs: 4 * 3_600_000,
};
const open: IncidentNow = { id: 'i', status: 'open', hostCount: 5, acknowledged: false, remediation: null };
const told = (fields: Partial<Told> = {}): Told => ({
  status: 'open',
  hostCount: 5,
  episode: 0,
  remediation: null,
  toldAt: 0,
  ...fields,
});

describe('alert grouping', () => {
  it('waits for the burst to settle, but not longer than a group interval after the first news', () => {
    expect(settledAt(0, 3_000, settings)).toBe(8_000);
    // a slow, steady spread: a host every 4 s never settles, so the interval caps the wait
    expect(settledAt(0, 58_000, settings)).toBe(60_000);
    // a group interval shorter than the wait does not cut the wait short
    expect(settledAt(0, 3_000, { ...settings, groupIntervalMs: 1_000 })).toBe(5_000);
  });

  it('tells a channel an incident opened once, with the count it has then', () => {
    expect(newsFor(null, open, 10, settings)).toEqual({
      kind: 'opened',
      dedupeKey: 'i:opened',
      told: { status: 'open', hostCount: 5, episode: 0, remediation: null },
    });
    expect(newsFor(told(), open, 10, settings)).toBeNull();
  });

  it('says nothing of an incident that opened and resolved before anyone was told', () => {
    expect(newsFor(null, { ...open, status: 'resolved' }, 10, settings)).toBeNull();
  });

  it('tells growth, resolution, reopening and remediation, each once', () => {
    expect(newsFor(told(), { ...open, hostCount: 8 }, 10, settings)).toMatchObject({
      kind: 'grew',
      dedupeKey: 'i:grew:0:8',
    });
    expect(newsFor(told(), { ...open, hostCount: 4 }, 10, settings)).toBeNull();
    expect(newsFor(told(), { ...open, status: 'resolved' }, 10, settings)).toMatchObject({
      kind: 'resolved',
      dedupeKey: 'i:resolved:0',
    });
    const reopened = newsFor(told({ status: 'resolved' }), open, 10, settings);
    expect(reopened).toMatchObject({ kind: 'reopened', dedupeKey: 'i:reopened:1', told: { episode: 1 } });
    expect(
      newsFor(told({ status: 'resolved', episode: 1 }), { ...open, status: 'resolved' }, 10, settings),
    ).toBeNull();
    const remediation = {
      rolloutId: 'r',
      stage: 'started' as const,
      playbookId: 'spooler-rpc-internet',
      hostCount: 5,
      approvedBy: 'alice',
      outcome: null,
      succeeded: null,
      failed: null,
      reason: null,
    };
    expect(newsFor(told(), { ...open, remediation }, 10, settings)).toMatchObject({
      kind: 'remediation-started',
      dedupeKey: 'i:remediation:r:started',
    });
    expect(newsFor(told({ remediation: 'r:started' }), { ...open, remediation }, 10, settings)).toBeNull();
  });

  it('names several changes at once by the weightiest, resolution first', () => {
    const finished = {
      rolloutId: 'r',
      stage: 'finished' as const,
      playbookId: 'p',
      hostCount: 5,
      approvedBy: 'alice',
      outcome: 'completed' as const,
      succeeded: 5,
      failed: 0,
      reason: null,
    };
    expect(
      newsFor(
        told({ remediation: 'r:started' }),
        { ...open, status: 'resolved', remediation: finished },
        10,
        settings,
      ),
    ).toMatchObject({ kind: 'resolved', told: { remediation: 'r:finished' } });
  });

  it('spaces messages about one incident by the group interval', () => {
    expect(nextAllowedAt(null, settings)).toBe(Number.NEGATIVE_INFINITY);
    expect(nextAllowedAt(told({ toldAt: 1_000 }), settings)).toBe(61_000);
  });

  it('reminds of an open, unacknowledged incident after the repeat interval, and never of another', () => {
    const last = told({ toldAt: 1_000 });
    expect(reminderDueAt(last, open, settings)).toBe(1_000 + 4 * 3_600_000);
    expect(newsFor(last, open, 1_000 + 4 * 3_600_000, settings)).toMatchObject({ kind: 'reminder' });
    expect(newsFor(last, open, 4 * 3_600_000, settings)).toBeNull();
    expect(reminderDueAt(last, { ...open, acknowledged: true }, settings)).toBeNull();
    expect(reminderDueAt(last, open, { ...settings, repeatIntervalMs: 0 })).toBeNull();
  });
});
