import { describe, expect, it } from '@jest/globals';
import { newSample } from '../testing/factories';
import { appendSample, mergeSamples } from './samples';

const limits = { maxSamples: 5, windowMs: 10 * 60_000 };
const at = (minute: number): string => new Date(Date.UTC(2026, 10, 22, 8, minute)).toISOString();
const instants = (samples: { at: string }[]): string[] => samples.map((sample) => sample.at);

describe('appendSample', () => {
  it('appends a newer sample at the end', () => {
    const series = appendSample([newSample(at(0))], newSample(at(1)), limits);
    expect(instants(series)).toEqual([at(0), at(1)]);
  });

  it('keeps no more than the cap, dropping the oldest', () => {
    let series = [newSample(at(0))];
    for (let minute = 1; minute <= 6; minute += 1)
      series = appendSample(series, newSample(at(minute)), limits);
    expect(instants(series)).toEqual([at(2), at(3), at(4), at(5), at(6)]);
  });

  it('drops samples that fall out of the time window', () => {
    const series = appendSample([newSample(at(0)), newSample(at(5))], newSample(at(12)), limits);
    expect(instants(series)).toEqual([at(5), at(12)]);
  });

  it('puts a late sample in its place and replaces one with the same instant', () => {
    const series = [newSample(at(1)), newSample(at(3))];
    expect(instants(appendSample(series, newSample(at(2)), limits))).toEqual([at(1), at(2), at(3)]);
    const replaced = appendSample(series, newSample(at(3), { failing: 7 }), limits);
    expect(replaced).toHaveLength(2);
    expect(replaced[1]?.failing).toBe(7);
  });

  it('ignores a sample whose instant cannot be read', () => {
    expect(instants(appendSample([newSample(at(1))], newSample('garbage'), limits))).toEqual([at(1)]);
  });
});

describe('mergeSamples', () => {
  it('merges a refetched series with live samples, without duplicates, in time order', () => {
    const fetched = [newSample(at(1)), newSample(at(2)), newSample(at(3))];
    const live = [newSample(at(3), { failing: 0 }), newSample(at(4))];
    const merged = mergeSamples(fetched, live, limits);
    expect(instants(merged)).toEqual([at(1), at(2), at(3), at(4)]);
    expect(merged[2]?.failing).toBe(0);
  });

  it('is empty for nothing', () => {
    expect(mergeSamples([], [], limits)).toEqual([]);
  });
});
