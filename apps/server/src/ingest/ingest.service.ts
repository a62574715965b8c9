/**
 * Ingest: observations from every agent are queued and written together, one transaction per flush, so
 * that a thousand agents reporting at once cost a handful of statements. A batch's ack waits for the
 * commit that holds it: an acked observation is durable.
 */
import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Observation } from '@fleetmedic/protocol';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { HostEvents } from '../hosts/host-events';
import { CheckTransitions } from './check-transitions';
import { IngestRepository } from './ingest.repository';
import { withServerTime } from './observation-time';

/** Flush at once, without waiting for the timer, when this many observations are queued. */
const FLUSH_AT_ROWS = 2000;

export interface IngestResult {
  stored: number;
  duplicates: number;
}

interface QueuedBatch {
  observations: readonly Observation[];
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

@Injectable()
export class IngestService implements BeforeApplicationShutdown {
  private readonly logger = new Logger(IngestService.name);
  private queue: QueuedBatch[] = [];
  private queuedRows = 0;
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly repository: IngestRepository,
    private readonly events: HostEvents,
    private readonly transitions: CheckTransitions,
  ) {}

  /** Resolves once every observation of the batch is stored (now or before). */
  submit(observations: readonly Observation[]): Promise<IngestResult> {
    return new Promise<IngestResult>((resolve, reject) => {
      this.queue.push({ observations, resolve, reject });
      this.queuedRows += observations.length;
      this.schedule();
    });
  }

  /** Sockets are still open here and the database too: every queued batch is written and acked. */
  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.flushing || this.queue.length > 0) {
      await (this.flushing ?? this.flush());
    }
  }

  private schedule(): void {
    if (this.flushing) return; // the running flush picks up what queued meanwhile
    if (this.queuedRows >= FLUSH_AT_ROWS) {
      clearTimeout(this.timer);
      this.timer = undefined;
      void this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.config.ingestFlushMs);
    }
  }

  private flush(): Promise<void> {
    const batches = this.queue;
    this.queue = [];
    this.queuedRows = 0;
    if (batches.length === 0) return Promise.resolve();
    this.flushing = this.write(batches).finally(() => {
      this.flushing = undefined;
      if (this.queue.length > 0) this.schedule();
    });
    return this.flushing;
  }

  /**
   * Writes all queued batches in one transaction. If that fails, each batch is written on its own, so that
   * one bad batch fails alone instead of failing every agent that happened to report at the same moment.
   */
  private async write(batches: QueuedBatch[]): Promise<void> {
    try {
      await this.persist(batches);
    } catch (error) {
      if (batches.length === 1) {
        this.fail(batches[0] as QueuedBatch, error);
        return;
      }
      for (const batch of batches) {
        try {
          await this.persist([batch]);
        } catch (singleError) {
          this.fail(batch, singleError);
        }
      }
    }
  }

  private async persist(batches: QueuedBatch[]): Promise<void> {
    const receivedAt = new Date().toISOString();
    const all = batches.flatMap((batch) => batch.observations.map((o) => withServerTime(o, receivedAt)));
    const result = await this.repository.persist(all, receivedAt);
    for (const batch of batches) {
      let stored = 0;
      for (const observation of batch.observations) if (result.stored.has(observation.id)) stored += 1;
      batch.resolve({ stored, duplicates: batch.observations.length - stored });
    }
    this.events.hostsChanged(result.changedHostIds);
    this.transitions.publish(result.transitions);
  }

  private fail(batch: QueuedBatch, error: unknown): void {
    this.logger.error(
      `Could not store a batch of ${batch.observations.length} observations: ${String(error)}`,
    );
    batch.reject(error);
  }
}
