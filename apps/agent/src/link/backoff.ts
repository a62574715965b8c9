/**
 * Exponential backoff with jitter, for retries the agent schedules itself (refused connections, batches the
 * server could not take). Jitter spreads a thousand agents that lost the server together over time, so they
 * do not all come back in the same second.
 */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  factor?: number;
  /** 0.5: each delay is drawn from ±50 % around the nominal one. */
  jitter?: number;
  random?: () => number;
}

export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions) {}

  /** The delay before the next retry; each call grows it until `maxMs`. */
  next(): number {
    const { initialMs, maxMs, factor = 2, jitter = 0.5, random = Math.random } = this.options;
    const nominal = Math.min(maxMs, initialMs * factor ** this.attempt);
    this.attempt += 1;
    const spread = nominal * jitter * (2 * random() - 1);
    return Math.round(Math.min(maxMs, Math.max(0, nominal + spread)));
  }

  /** After a success: the next failure starts from `initialMs` again. */
  reset(): void {
    this.attempt = 0;
  }
}
