import { ChannelRateLimiter } from './rate-limiter';

describe('ChannelRateLimiter', () => {
  const dingtalk = { perMinute: 20, perSecond: null };

  it('lets 20 messages through in a minute and the 21st only once the first is a minute old', () => {
    const limiter = new ChannelRateLimiter();
    const start = 1_000_000;
    for (let i = 0; i < 20; i += 1) {
      expect(limiter.delayFor('c', dingtalk, start + i * 100)).toBe(0);
      limiter.record('c', start + i * 100);
    }
    expect(limiter.delayFor('c', dingtalk, start + 2_000)).toBe(60_000 - 2_000);
    expect(limiter.delayFor('c', dingtalk, start + 60_001)).toBe(0);
    expect(limiter.delayFor('other', dingtalk, start + 2_000)).toBe(0);
  });

  it('spaces a burst by the per-second limit', () => {
    const limiter = new ChannelRateLimiter();
    const slack = { perMinute: 60, perSecond: 1 };
    limiter.record('c', 5_000);
    expect(limiter.delayFor('c', slack, 5_200)).toBe(800);
    expect(limiter.delayFor('c', slack, 6_001)).toBe(0);
  });

  it('waits out a pause the platform asked for', () => {
    const limiter = new ChannelRateLimiter();
    limiter.pause('c', 10_000);
    expect(limiter.delayFor('c', dingtalk, 4_000)).toBe(6_000);
    expect(limiter.delayFor('c', dingtalk, 10_000)).toBe(0);
  });
});
