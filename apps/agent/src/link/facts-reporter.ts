/**
 * Keeps the server's copy of the host facts current. Hello carries the facts at every connection; changes in
 * between go out as `facts` messages. A change that could not be sent is sent again at the next heartbeat
 * interval or carried by the next hello, whichever comes first.
 */
import type { HostFacts } from '@fleetmedic/protocol';
import { ProtocolErrorCode } from '@fleetmedic/protocol/constants';
import { type Logger, describeError, silentLogger } from '../logging/logger';
import type { Connection } from './connection';

export class FactsReporter {
  private latest: HostFacts | undefined;
  /** True while the server may hold older facts than `latest`. */
  private unsent = false;
  private sending = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connection: Connection,
    private readonly logger: Logger = silentLogger,
    private readonly ackTimeoutMs = 30_000,
    private readonly retryMs = 30_000,
  ) {}

  get facts(): HostFacts | undefined {
    return this.latest;
  }

  /** The connection became ready; its hello carried `helloFacts`, which may be older than the latest. */
  onReady(helloFacts: HostFacts | undefined): void {
    if (helloFacts === this.latest) this.unsent = false;
    void this.send();
  }

  update(facts: HostFacts): void {
    this.latest = facts;
    this.unsent = true;
    void this.send();
  }

  stop(): void {
    clearTimeout(this.retryTimer);
  }

  private async send(): Promise<void> {
    if (this.sending || !this.unsent || this.latest === undefined || !this.connection.isReady) return;
    this.sending = true;
    const facts = this.latest;
    try {
      const reply = await this.connection.sendFacts(
        { facts, sentAt: new Date().toISOString() },
        this.ackTimeoutMs,
      );
      if (reply.ok) {
        if (this.latest === facts) this.unsent = false;
      } else if (reply.error.code === ProtocolErrorCode.InvalidMessage) {
        // Resending the same facts would be refused again: wait for them to change.
        if (this.latest === facts) this.unsent = false;
        this.logger.error(
          { issues: reply.error.issues },
          `the server rejected the host facts: ${reply.error.message}`,
        );
      } else {
        this.logger.warn(
          { code: reply.error.code },
          `the server could not take the host facts: ${reply.error.message}`,
        );
      }
    } catch (error) {
      this.logger.debug(`host facts not sent (${describeError(error)}); will retry`);
    } finally {
      this.sending = false;
    }
    if (this.unsent) this.scheduleRetry();
  }

  private scheduleRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => void this.send(), this.retryMs);
    this.retryTimer.unref();
  }
}
