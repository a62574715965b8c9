/**
 * Coalesces bursts of "this changed" into few refetches: the first request starts a short wait, requests
 * during the wait join it, and requests while the refetch runs queue exactly one more after it. Unlike a
 * plain debounce, a steady stream of updates (a host joining every 100 ms) cannot postpone it forever.
 */
export class RefreshScheduler {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private requestedWhileRunning = false;
  private disposed = false;

  constructor(
    private readonly refresh: () => Promise<void>,
    private readonly delayMs: number,
  ) {}

  request(): void {
    if (this.disposed) return;
    if (this.running) {
      this.requestedWhileRunning = true;
      return;
    }
    this.timer ??= setTimeout(() => void this.run(), this.delayMs);
  }

  /** Drops a pending refetch (e.g. the page just loaded fresh data by itself). */
  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.requestedWhileRunning = false;
  }

  dispose(): void {
    this.cancel();
    this.disposed = true;
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.running = true;
    try {
      await this.refresh();
    } catch {
      // The refresh reports its own failures; a failed one must not stop the next.
    } finally {
      this.running = false;
      if (this.requestedWhileRunning) {
        this.requestedWhileRunning = false;
        this.request();
      }
    }
  }
}
