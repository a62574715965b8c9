/**
 * Drains the outbox to the server in acked batches while the connection is ready, and keeps draining as new
 * observations arrive. A batch stays in the outbox until the server acks it: after a lost ack or a dropped
 * connection it is sent again with the same batch id (the server dedupes by observation id).
 *
 * What the server will never accept is set aside as a dead letter instead of blocking the rest: the
 * observations an INVALID_MESSAGE answer names (or the whole batch when it names none), a batch refused as
 * another host's (HOST_MISMATCH), and an observation too large for any batch.
 */
import { EventEmitter } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ObservationBatch, ProtocolError } from '@fleetmedic/protocol';
import { LIMITS, ProtocolErrorCode } from '@fleetmedic/protocol/constants';
import { uuidv7 } from '../ids/uuid-v7';
import { type Logger, describeError, silentLogger } from '../logging/logger';
import { Backoff } from './backoff';
import { type BatchLimits, MAX_BATCH_BYTES, cutBatch, stampBatch } from './batches';
import { type Connection, NotConnectedError } from './connection';
import { OBSERVATION_TOO_LARGE, type SetAsideReason, appendDeadLetter } from './dead-letters';
import type { Outbox } from './outbox';
import { rejectedObservations } from './rejected-observations';

export interface DeliveryOptions {
  outbox: Outbox;
  connection: Connection;
  deadLettersPath: string;
  /** The agent's id now: every observation goes out with it, whatever id it was made under. */
  hostId: () => string;
  logger?: Logger;
  ackTimeoutMs?: number;
  /** Lower than the protocol's limits for tests; never higher (LIMITS.observationsPerBatch, MAX_BATCH_BYTES). */
  maxBatchObservations?: number;
  maxBatchBytes?: number;
  /** Pause before resending after a lost ack or a server-side error, growing to the maximum. */
  retryInitialMs?: number;
  retryMaxMs?: number;
}

export interface DeliveryEvents {
  /** The server acked (stored) these observations. */
  acked: [ids: string[]];
  /** These observations will never be sent; they are in the dead-letter file with the reason. */
  deadLettered: [batch: ObservationBatch, reason: SetAsideReason];
}

export class Delivery extends EventEmitter<DeliveryEvents> {
  private readonly outbox: Outbox;
  private readonly connection: Connection;
  private readonly logger: Logger;
  private readonly ackTimeoutMs: number;
  private readonly batchLimits: BatchLimits;
  private readonly retryBackoff: Backoff;
  private readonly stopping = new AbortController();
  /** The batch sent but not acked: resent as it is, same id, until it is. */
  private unackedBatch: ObservationBatch | undefined;
  private draining: Promise<void> | undefined;
  private drainAgain = false;
  private readonly onWork = (): void => this.drain();

  constructor(private readonly options: DeliveryOptions) {
    super();
    this.outbox = options.outbox;
    this.connection = options.connection;
    this.logger = options.logger ?? silentLogger;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 30_000;
    this.batchLimits = {
      maxObservations: Math.min(
        options.maxBatchObservations ?? LIMITS.observationsPerBatch,
        LIMITS.observationsPerBatch,
      ),
      maxBytes: Math.min(options.maxBatchBytes ?? MAX_BATCH_BYTES, MAX_BATCH_BYTES),
    };
    this.retryBackoff = new Backoff({
      initialMs: options.retryInitialMs ?? 1_000,
      maxMs: options.retryMaxMs ?? 60_000,
    });
  }

  start(): void {
    this.connection.on('ready', this.onWork);
    this.outbox.on('appended', this.onWork);
    this.drain();
  }

  /** Stops sending; a batch in flight is left to its ack or timeout (it stays in the outbox either way). */
  async stop(): Promise<void> {
    this.connection.off('ready', this.onWork);
    this.outbox.off('appended', this.onWork);
    this.stopping.abort();
    await this.draining;
  }

  /** Sends what is pending, unless a drain is already running (it will pick the new work up). */
  private drain(): void {
    if (this.stopping.signal.aborted) return;
    if (this.draining !== undefined) {
      this.drainAgain = true;
      return;
    }
    this.draining = this.drainLoop()
      .catch((error: unknown) => {
        // The outbox could not be written (disk full?): what is pending stays pending; retry on the next work.
        this.logger.error({ err: error }, `delivering observations failed: ${describeError(error)}`);
      })
      .finally(() => {
        this.draining = undefined;
        if (this.drainAgain) {
          this.drainAgain = false;
          this.drain();
        }
      });
  }

  private async drainLoop(): Promise<void> {
    while (!this.stopping.signal.aborted && this.connection.isReady && this.outbox.depth > 0) {
      const batch = this.unackedBatch ?? (await this.nextBatch());
      if (batch === undefined) return;
      // Stamped at each send: a batch resent after the agent enrolled again goes out under its new id.
      const sending = stampBatch(batch, this.options.hostId());
      this.unackedBatch = sending;
      const done = await this.sendBatch(sending);
      if (done) {
        this.unackedBatch = undefined;
        this.retryBackoff.reset();
      } else if (this.connection.isReady) {
        await this.pause(this.retryBackoff.next());
      }
    }
  }

  /** The next batch to send; an observation too large for any batch is set aside on the way. */
  private async nextBatch(): Promise<ObservationBatch | undefined> {
    for (;;) {
      const cut = cutBatch(
        uuidv7(),
        this.outbox.peek(this.batchLimits.maxObservations),
        this.options.hostId(),
        this.batchLimits,
      );
      if (cut === null) return undefined;
      if (cut.batch !== undefined) return cut.batch;
      const { observation, bytes } = cut.tooLarge;
      const message =
        `observation ${observation.id} (${observation.check} ${observation.target}) is ${bytes} bytes as JSON, ` +
        `more than a batch may carry (${this.batchLimits.maxBytes} bytes)`;
      await this.setAside(
        { batchId: uuidv7(), observations: [observation] },
        { code: OBSERVATION_TOO_LARGE, message, issues: [{ path: 'observations[0]', message }] },
      );
    }
  }

  /** True when the batch is done with (stored, or set aside in part or whole); false when it must be sent again. */
  private async sendBatch(batch: ObservationBatch): Promise<boolean> {
    const ids = batch.observations.map((observation) => observation.id);
    let reply;
    try {
      reply = await this.connection.sendBatch(batch, this.ackTimeoutMs);
    } catch (error) {
      if (!(error instanceof NotConnectedError)) {
        this.logger.warn(
          { batchId: batch.batchId, size: ids.length },
          `no ack for an observation batch (${describeError(error)}); it will be sent again`,
        );
      }
      return false;
    }
    if (reply.ok) {
      await this.outbox.markDone(ids);
      this.logger.debug(
        { batchId: batch.batchId, stored: reply.stored, duplicates: reply.duplicates },
        'batch acked',
      );
      this.emit('acked', ids);
      return true;
    }
    return this.onRefusedBatch(batch, reply.error);
  }

  private async onRefusedBatch(batch: ObservationBatch, error: ProtocolError): Promise<boolean> {
    switch (error.code) {
      case ProtocolErrorCode.InvalidMessage: {
        // Nothing of the batch was stored: set aside what the server named, the rest goes in the next batch.
        const named = rejectedObservations(batch, error);
        if (named === null) await this.setAside(batch, error);
        else await this.setAside(named.rejected, named.reason, batch.observations.length);
        return true;
      }
      case ProtocolErrorCode.HostMismatch:
        // Every observation goes out under this agent's id, so the server's answer will not change.
        await this.setAside(batch, error);
        return true;
      case ProtocolErrorCode.Internal:
      case ProtocolErrorCode.NotReady:
      case ProtocolErrorCode.UnsupportedVersion:
        this.logger.warn(
          { batchId: batch.batchId, code: error.code },
          `the server could not take an observation batch: ${error.message}; it will be sent again`,
        );
        return false;
    }
  }

  private async setAside(
    batch: ObservationBatch,
    reason: SetAsideReason,
    outOf: number = batch.observations.length,
  ): Promise<void> {
    const file = this.options.deadLettersPath;
    await appendDeadLetter(file, batch, reason);
    await this.outbox.markDone(batch.observations.map((observation) => observation.id));
    const count = batch.observations.length;
    this.logger.error(
      { batchId: batch.batchId, size: count, code: reason.code, issues: reason.issues, file },
      `${describeSetAside(count, outOf, reason)}; ${count === 1 ? 'it' : 'they'} will not be resent and ` +
        `${count === 1 ? 'was' : 'were'} kept in ${file}. This is a bug: please report it.`,
    );
    this.emit('deadLettered', batch, reason);
  }

  private async pause(ms: number): Promise<void> {
    try {
      await sleep(ms, undefined, { signal: this.stopping.signal });
    } catch {
      // Aborted by stop(): the loop condition ends the drain.
    }
  }
}

function describeSetAside(count: number, outOf: number, reason: SetAsideReason): string {
  const what = `${count === outOf ? count : `${count} of ${outOf}`} observation${outOf === 1 ? '' : 's'}`;
  switch (reason.code) {
    case OBSERVATION_TOO_LARGE:
      return `cannot send an observation: ${reason.message}`;
    case ProtocolErrorCode.HostMismatch:
      return `the server refused ${what} as another host's (${reason.message})`;
    case ProtocolErrorCode.InvalidMessage:
      return `the server rejected ${what} as invalid (${reason.message})`;
    case ProtocolErrorCode.Internal:
    case ProtocolErrorCode.NotReady:
    case ProtocolErrorCode.UnsupportedVersion:
      return `the server refused ${what} (${reason.code}: ${reason.message})`;
  }
}
