import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { deferred } from '../testing/factories';
import { RefreshScheduler } from './refresh-scheduler';

beforeEach(() => {
  jest.useFakeTimers();
});
afterEach(() => {
  jest.useRealTimers();
});

describe('RefreshScheduler', () => {
  it('refreshes once for a burst of requests, after the delay', async () => {
    let refreshes = 0;
    const scheduler = new RefreshScheduler(async () => {
      refreshes += 1;
    }, 250);

    for (let i = 0; i < 5; i += 1) scheduler.request();
    await jest.advanceTimersByTimeAsync(249);
    expect(refreshes).toBe(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(refreshes).toBe(1);
  });

  it('is not postponed forever by a steady stream of requests', async () => {
    let refreshes = 0;
    const scheduler = new RefreshScheduler(async () => {
      refreshes += 1;
    }, 250);

    for (let elapsed = 0; elapsed < 1000; elapsed += 100) {
      scheduler.request();
      await jest.advanceTimersByTimeAsync(100);
    }
    expect(refreshes).toBeGreaterThanOrEqual(3);
  });

  it('runs once more after a refresh during which something changed again, never two at once', async () => {
    const first = deferred<void>();
    const running: number[] = [];
    let active = 0;
    let calls = 0;
    const scheduler = new RefreshScheduler(async () => {
      calls += 1;
      active += 1;
      running.push(active);
      if (calls === 1) await first.promise;
      active -= 1;
    }, 250);

    scheduler.request();
    await jest.advanceTimersByTimeAsync(250);
    scheduler.request();
    scheduler.request();
    await jest.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(1);

    first.resolve();
    await jest.advanceTimersByTimeAsync(250);
    expect(calls).toBe(2);
    expect(Math.max(...running)).toBe(1);
  });

  it('keeps going after a failed refresh, and does nothing once disposed', async () => {
    let calls = 0;
    const scheduler = new RefreshScheduler(async () => {
      calls += 1;
      throw new Error('down');
    }, 250);

    scheduler.request();
    await jest.advanceTimersByTimeAsync(250);
    scheduler.request();
    await jest.advanceTimersByTimeAsync(250);
    expect(calls).toBe(2);

    scheduler.request();
    scheduler.dispose();
    scheduler.request();
    await jest.advanceTimersByTimeAsync(1000);
    expect(calls).toBe(2);
  });
});
