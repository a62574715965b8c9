import { describe, expect, it } from '@jest/globals';
import { newIncidentEvent } from '../testing/factories';
import { affectedHostsSeries, orderTimeline, peakCount, timeTicks } from './timeline';

const ms = (minute: number): number => Date.UTC(2026, 10, 22, 8, minute);
const at = (minute: number): string => new Date(ms(minute)).toISOString();

describe('affectedHostsSeries', () => {
  const timeline = [
    newIncidentEvent(at(0), { kind: 'opened', failingHostCount: 3 }),
    newIncidentEvent(at(2), { kind: 'host-joined', failingHostCount: 4 }),
    newIncidentEvent(at(5), { kind: 'host-recovered', failingHostCount: 2 }),
  ];

  it('gives one point per event with the count right after it, and carries the last count to the end', () => {
    expect(affectedHostsSeries(timeline, ms(9))).toEqual([
      { x: ms(0), y: 3 },
      { x: ms(2), y: 4 },
      { x: ms(5), y: 2 },
      { x: ms(9), y: 2, closing: true },
    ]);
  });

  it('adds no closing point without an end, or when the end is not after the last event', () => {
    expect(affectedHostsSeries(timeline, null)).toHaveLength(3);
    expect(affectedHostsSeries(timeline, ms(5))).toHaveLength(3);
  });

  it('sorts events by time, and of events at one instant keeps the last one’s count', () => {
    const series = affectedHostsSeries(
      [
        newIncidentEvent(at(3), { failingHostCount: 6 }),
        newIncidentEvent(at(1), { failingHostCount: 4 }),
        newIncidentEvent(at(1), { failingHostCount: 5 }),
      ],
      null,
    );
    expect(series).toEqual([
      { x: ms(1), y: 5 },
      { x: ms(3), y: 6 },
    ]);
  });

  it('skips events whose instant cannot be read, and is empty without events', () => {
    expect(affectedHostsSeries([newIncidentEvent('garbage')], ms(1))).toEqual([]);
    expect(affectedHostsSeries([], ms(1))).toEqual([]);
  });

  it('finds the peak', () => {
    expect(peakCount(affectedHostsSeries(timeline, null))).toBe(4);
    expect(peakCount([])).toBe(0);
  });
});

describe('orderTimeline', () => {
  it('orders oldest first, keeping the server order at equal instants and unreadable instants last', () => {
    const ordered = orderTimeline([
      newIncidentEvent('garbage', { hostname: 'X' }),
      newIncidentEvent(at(2), { hostname: 'C' }),
      newIncidentEvent(at(1), { hostname: 'A' }),
      newIncidentEvent(at(1), { hostname: 'B' }),
    ]);
    expect(ordered.map((event) => event.hostname)).toEqual(['A', 'B', 'C', 'X']);
  });
});

describe('timeTicks', () => {
  it('puts at most six ticks on round instants', () => {
    expect(timeTicks(ms(1), ms(29))).toEqual([ms(5), ms(10), ms(15), ms(20), ms(25)]);
    const day = timeTicks(ms(0), ms(0) + 24 * 3_600_000);
    expect(day.length).toBeLessThanOrEqual(6);
    expect(day.every((tick) => tick % (6 * 3_600_000) === 0)).toBe(true);
  });

  it('still answers for an empty span and for very long ones', () => {
    expect(timeTicks(ms(3), ms(3))).toEqual([ms(3)]);
    expect(timeTicks(ms(0), ms(0) + 400 * 86_400_000).length).toBeLessThanOrEqual(6);
  });
});
