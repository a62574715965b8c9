import { newServiceObservation } from '../testing/factories';
import { MAX_CLOCK_AHEAD_MS, withServerTime } from './observation-time';

const receivedAt = '2026-11-22T08:50:00.000Z';
const hostId = '0196f3a0-5a4e-7c1e-9b1a-3f0c2d4e5f60';

describe('withServerTime', () => {
  it('stores times in one UTC form', () => {
    const observation = newServiceObservation(hostId, { observedAt: '2026-11-22T16:49:59.123456+08:00' });
    expect(withServerTime(observation, receivedAt).observedAt).toBe('2026-11-22T08:49:59.123Z');
  });

  it('keeps a time slightly ahead of the server (clocks drift)', () => {
    const ahead = new Date(Date.parse(receivedAt) + MAX_CLOCK_AHEAD_MS).toISOString();
    expect(withServerTime(newServiceObservation(hostId, { observedAt: ahead }), receivedAt).observedAt).toBe(
      ahead,
    );
  });

  it('takes the receive time for a PC whose clock is far ahead', () => {
    const observation = newServiceObservation(hostId, { observedAt: '9999-12-31T23:59:59.000Z' });
    expect(withServerTime(observation, receivedAt).observedAt).toBe(receivedAt);
  });
});
