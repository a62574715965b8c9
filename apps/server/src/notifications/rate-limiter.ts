/**
 * Per-channel send rate: at most N requests in any minute (and, where the platform says so, M in any
 * second), and a pause when the platform answered "too many" (429 Retry-After, DingTalk's throttle). Kept
 * per server process; seeded at start from the outbox's recent attempts so a restart does not reset it.
 */
import type { ChannelRate } from './platforms';

const MINUTE = 60_000;
const SECOND = 1_000;

export class ChannelRateLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();

  /** Milliseconds until `channelId` may send again (0: now). */
  delayFor(channelId: string, rate: ChannelRate, now: number): number {
    const pause = (this.pausedUntil.get(channelId) ?? 0) - now;
    const times = this.recent(channelId, now);
    let wait = Math.max(0, pause);
    if (times.length >= rate.perMinute) {
      const oldest = times[times.length - rate.perMinute] as number;
      wait = Math.max(wait, oldest + MINUTE - now);
    }
    if (rate.perSecond !== null) {
      const lastSecond = times.filter((at) => at > now - SECOND);
      if (lastSecond.length >= rate.perSecond) {
        const oldest = lastSecond[lastSecond.length - rate.perSecond] as number;
        wait = Math.max(wait, oldest + SECOND - now);
      }
    }
    return wait;
  }

  record(channelId: string, at: number): void {
    const times = this.recent(channelId, at);
    times.push(at);
    times.sort((a, b) => a - b);
    this.sent.set(channelId, times);
  }

  pause(channelId: string, until: number): void {
    this.pausedUntil.set(channelId, Math.max(until, this.pausedUntil.get(channelId) ?? 0));
  }

  forget(channelId: string): void {
    this.sent.delete(channelId);
    this.pausedUntil.delete(channelId);
  }

  private recent(channelId: string, now: number): number[] {
    const times = (this.sent.get(channelId) ?? []).filter((at) => at > now - MINUTE);
    this.sent.set(channelId, times);
    return times;
  }
}
