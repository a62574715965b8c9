/**
 * The durable outbox: every observation is on disk (fsync'd) before the agent tries to send it, and stays
 * until the server acks it. It survives agent restarts, crashes and server outages, which makes delivery
 * at-least-once; the server dedupes by observation id to store each exactly once.
 *
 * The file only grows by appends; once most of it is done with, it is rewritten with the pending
 * observations alone (temporary file, then rename), so a crash during compaction loses nothing.
 */
import { EventEmitter } from 'node:events';
import { type FileHandle, mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Observation } from '@fleetmedic/protocol';
import { writeFileAtomically } from '../files/atomic-write';
import { type Logger, silentLogger } from '../logging/logger';
import { doneRecord, observationRecord, parseOutbox } from './outbox-records';

export const OUTBOX_FILE = 'outbox.jsonl';

export interface OutboxOptions {
  path: string;
  logger?: Logger;
  /** Compact only once at least this many observation records are done with… */
  compactAfterDone?: number;
  /** …and they are at least this share of the file's observation records. */
  compactDoneShare?: number;
}

export interface OutboxEvents {
  /** New observations are pending. */
  appended: [count: number];
}

export class Outbox extends EventEmitter<OutboxEvents> {
  private readonly pendingById: Map<string, Observation>;
  private observationRecords: number;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly path: string,
    private file: FileHandle,
    content: { pending: Map<string, Observation>; observationRecords: number },
    private readonly logger: Logger,
    private readonly compactAfterDone: number,
    private readonly compactDoneShare: number,
  ) {
    super();
    this.pendingById = content.pending;
    this.observationRecords = content.observationRecords;
  }

  /** Opens (or creates) the outbox at `path` and reloads what is still pending. */
  static async open(options: OutboxOptions): Promise<Outbox> {
    const logger = options.logger ?? silentLogger;
    await mkdir(dirname(options.path), { recursive: true, mode: 0o700 });
    const content = parseOutbox(await readIfExists(options.path));
    for (const { line, problem } of content.skipped) {
      logger.warn({ path: options.path, line }, `outbox line ${line} skipped: ${problem}`);
    }
    const file = await open(options.path, 'a+', 0o600);
    const size = (await file.stat()).size;
    if (size > content.completeLength) {
      // A crash cut the last append short: drop the torn line, or the next record would be glued to it.
      logger.warn({ path: options.path }, 'outbox ends with a torn line (interrupted write); dropping it');
      await file.truncate(content.completeLength);
    }
    const outbox = new Outbox(
      options.path,
      file,
      content,
      logger,
      options.compactAfterDone ?? 1000,
      options.compactDoneShare ?? 0.5,
    );
    if (content.skipped.length > 0) await outbox.serialized(() => outbox.compact());
    return outbox;
  }

  /** Observations waiting for an ack. */
  get depth(): number {
    return this.pendingById.size;
  }

  /** The oldest pending observations, at most `limit`. */
  peek(limit: number): Observation[] {
    const oldest: Observation[] = [];
    for (const observation of this.pendingById.values()) {
      if (oldest.length >= limit) break;
      oldest.push(observation);
    }
    return oldest;
  }

  /** Resolves once the observations are on disk. */
  async append(observations: readonly Observation[]): Promise<void> {
    if (observations.length === 0) return;
    await this.serialized(async () => {
      await this.file.appendFile(observations.map(observationRecord).join(''), 'utf8');
      await this.file.datasync();
      for (const observation of observations) this.pendingById.set(observation.id, observation);
      this.observationRecords += observations.length;
    });
    this.emit('appended', observations.length);
  }

  /**
   * The observations are done with: acked by the server or set aside as dead letters. Not fsync'd: a lost
   * record only means a resend, which the server dedupes.
   */
  async markDone(ids: readonly string[]): Promise<void> {
    const known = ids.filter((id) => this.pendingById.has(id));
    if (known.length === 0) return;
    await this.serialized(async () => {
      await this.file.appendFile(doneRecord(known), 'utf8');
      for (const id of known) this.pendingById.delete(id);
      if (this.shouldCompact()) await this.compact();
    });
  }

  /** Waits for writes in progress and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    await this.file.close();
  }

  private shouldCompact(): boolean {
    const done = this.observationRecords - this.pendingById.size;
    return done >= this.compactAfterDone && done >= this.observationRecords * this.compactDoneShare;
  }

  /** Rewrites the file with the pending observations alone, in their order. */
  private async compact(): Promise<void> {
    const before = this.observationRecords;
    const content = [...this.pendingById.values()].map(observationRecord).join('');
    await this.file.close();
    try {
      await writeFileAtomically(this.path, content, 0o600);
    } finally {
      // Reopened whether or not the rewrite worked: if it failed, the old file is intact and still valid.
      this.file = await open(this.path, 'a+', 0o600);
    }
    this.observationRecords = this.pendingById.size;
    this.logger.debug({ path: this.path, before, after: this.observationRecords }, 'outbox compacted');
  }

  /** File operations run one at a time, in call order; a failed one does not stop the next. */
  private serialized<T>(task: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`the outbox ${this.path} is closed`));
    const run = this.tail.then(task);
    this.tail = run.catch(() => undefined);
    return run;
  }
}

async function readIfExists(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
    throw error;
  }
}
