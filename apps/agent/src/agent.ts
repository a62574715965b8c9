/**
 * One agent for one PC: the check runner observes the Host, every observation goes to the durable outbox,
 * and the link delivers the outbox to the server over one socket.io connection. Its events let tests and
 * benchmarks follow an observation from the PC to the server's ack.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type { Hello, HelloReply, Observation, ObservationBatch } from '@fleetmedic/protocol';
import { CheckRunner } from './checks/check-runner';
import type { WatchList } from './checks/watch-list';
import type { Host } from './host/host';
import { unknownFacts } from './host/unknown-facts';
import { settlesWithin } from './lifecycle/deadline';
import { Connection, type Refusal } from './link/connection';
import type { AgentCredentials } from './link/credentials';
import { type SetAsideReason, deadLettersPath } from './link/dead-letters';
import { Delivery } from './link/delivery';
import { FactsReporter } from './link/facts-reporter';
import { OUTBOX_FILE, Outbox } from './link/outbox';
import { normalizeServerUrl } from './link/server-url';
import { type Logger, describeError, silentLogger } from './logging/logger';
import { AGENT_VERSION } from './version';

/** Timings of the link; the defaults suit production, tests shorten them. */
export interface LinkTuning {
  reconnectionDelayMs?: number;
  reconnectionDelayMaxMs?: number;
  refusalRetryInitialMs?: number;
  refusalRetryMaxMs?: number;
  helloTimeoutMs?: number;
  ackTimeoutMs?: number;
  batchRetryInitialMs?: number;
  batchRetryMaxMs?: number;
}

/** What the agent needs of its credentials to connect. */
export type AgentLinkCredentials = Pick<AgentCredentials, 'serverUrl' | 'agentId' | 'agentToken'>;

export interface AgentOptions {
  host: Host;
  credentials: AgentLinkCredentials;
  /** Holds the outbox and the dead letters (and, for the CLI, the credentials). */
  stateDir: string;
  logger?: Logger;
  watchList?: WatchList;
  probeIntervalMs?: number;
  snapshotIntervalMs?: number;
  probeTimeoutMs?: number;
  link?: LinkTuning;
}

export interface AgentEvents {
  /** The runner made an observation and it is safely in the outbox (on disk, awaiting the server's ack). */
  observed: [observation: Observation];
  /** The server stored these observations. */
  acked: [ids: string[]];
  /** Connected and introduced (hello answered). */
  connected: [reply: HelloReply];
  disconnected: [reason: string];
  /**
   * The server refused the agent (bad token, unsupported version); it retries with backoff. After
   * INVALID_CREDENTIALS, whoever can enroll the agent again hands it the new ones with `replaceCredentials`.
   */
  refused: [refusal: Refusal];
  /**
   * These observations will never be sent (the server called them invalid or another host's, or one was too
   * large for any batch); they were set aside in the dead-letter file with the reason.
   */
  deadLettered: [batch: ObservationBatch, reason: SetAsideReason];
}

export const DEFAULT_STOP_DEADLINE_MS = 5_000;

interface Running {
  outbox: Outbox;
  runner: CheckRunner;
  connection: Connection;
  delivery: Delivery;
  facts: FactsReporter;
}

export class Agent extends EventEmitter<AgentEvents> {
  readonly host: Host;
  private credentials: AgentLinkCredentials;
  private readonly logger: Logger;
  private running: Running | undefined;
  private readonly appends = new Set<Promise<void>>();
  private connected = false;

  constructor(private readonly options: AgentOptions) {
    super();
    this.host = options.host;
    this.credentials = { ...options.credentials };
    this.logger = options.logger ?? silentLogger;
  }

  /** The agent id the server knows this PC by now; it changes when the agent is enrolled again. */
  get hostId(): string {
    return this.credentials.agentId;
  }

  /** The server this agent reports to. */
  get serverUrl(): string {
    return this.credentials.serverUrl;
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Observations waiting for the server's ack. */
  get outboxDepth(): number {
    return this.running?.outbox.depth ?? 0;
  }

  /**
   * Opens the outbox, runs the first probe cycle and waits until its snapshot is on disk, then connects.
   * Resolves before the connection is up (a server outage must not hold the agent back).
   */
  async start(): Promise<void> {
    if (this.running !== undefined) return;
    const { options, logger } = this;
    const outbox = await Outbox.open({ path: join(options.stateDir, OUTBOX_FILE), logger });
    if (outbox.depth > 0) {
      logger.info({ depth: outbox.depth }, 'observations from before the restart are waiting');
    }

    const runner = new CheckRunner({
      host: options.host,
      hostId: () => this.hostId,
      logger,
      watchList: options.watchList,
      probeIntervalMs: options.probeIntervalMs,
      snapshotIntervalMs: options.snapshotIntervalMs,
      probeTimeoutMs: options.probeTimeoutMs,
    });
    let helloFacts = runner.facts;
    const link = options.link ?? {};
    const connection = new Connection({
      serverUrl: this.credentials.serverUrl,
      agentId: this.credentials.agentId,
      agentToken: this.credentials.agentToken,
      hello: (): Hello => {
        helloFacts = runner.facts;
        return {
          agentVersion: AGENT_VERSION,
          facts: helloFacts ?? unknownFacts(),
          sentAt: new Date().toISOString(),
        };
      },
      outboxDepth: () => outbox.depth,
      logger,
      reconnectionDelayMs: link.reconnectionDelayMs,
      reconnectionDelayMaxMs: link.reconnectionDelayMaxMs,
      refusalRetryInitialMs: link.refusalRetryInitialMs,
      refusalRetryMaxMs: link.refusalRetryMaxMs,
      helloTimeoutMs: link.helloTimeoutMs,
    });
    const facts = new FactsReporter(connection, logger, link.ackTimeoutMs);
    const delivery = new Delivery({
      outbox,
      connection,
      deadLettersPath: deadLettersPath(options.stateDir),
      hostId: () => this.hostId,
      logger,
      ackTimeoutMs: link.ackTimeoutMs,
      retryInitialMs: link.batchRetryInitialMs,
      retryMaxMs: link.batchRetryMaxMs,
    });

    runner.on('observations', (observations) => this.record(outbox, observations));
    runner.on('facts', (latest) => facts.update(latest));
    connection.on('ready', (reply) => {
      this.connected = true;
      facts.onReady(helloFacts);
      this.emit('connected', reply);
    });
    connection.on('lost', (reason) => {
      this.connected = false;
      this.emit('disconnected', reason);
    });
    connection.on('refused', (refusal) => this.emit('refused', refusal));
    delivery.on('acked', (ids) => this.emit('acked', ids));
    delivery.on('deadLettered', (batch, reason) => this.emit('deadLettered', batch, reason));

    this.running = { outbox, runner, connection, delivery, facts };
    await runner.start();
    await Promise.all(this.appends);
    delivery.start();
    connection.open();
  }

  /**
   * Takes the credentials of a new enrollment, typically after the server refused the old ones
   * (INVALID_CREDENTIALS: its database was replaced, or the host deleted). A running agent reconnects with them
   * at once and keeps its outbox: pending observations go out under the new id. Only the id and token may
   * change; moving to another server takes a new Agent.
   */
  replaceCredentials(credentials: AgentLinkCredentials): void {
    if (normalizeServerUrl(credentials.serverUrl) !== normalizeServerUrl(this.credentials.serverUrl)) {
      throw new Error(
        `new credentials are for ${credentials.serverUrl}, this agent talks to ${this.credentials.serverUrl}: ` +
          'start a new agent to move it to another server',
      );
    }
    this.credentials = { ...credentials };
    this.running?.connection.replaceCredentials(credentials);
  }

  /**
   * Stops observing, gives the outbox a last chance to drain while connected, closes the connection and the
   * outbox. Whatever is not acked by `deadlineMs` stays in the outbox for the next start.
   */
  async stop(deadlineMs: number = DEFAULT_STOP_DEADLINE_MS): Promise<void> {
    const running = this.running;
    if (running === undefined) return;
    this.running = undefined;
    const deadline = Date.now() + deadlineMs;
    const remaining = (): number => deadline - Date.now();

    await settlesWithin(running.runner.stop(), remaining());
    await settlesWithin(Promise.all(this.appends), remaining());
    if (running.connection.isReady && running.outbox.depth > 0) {
      const drained = this.outboxDrained(running.outbox);
      await settlesWithin(drained.done, remaining());
      drained.cancel();
    }
    // Closing the socket fails a batch still waiting for its ack at once, so delivery stops without waiting
    // out the ack timeout; that batch stays in the outbox.
    const deliveryStopped = running.delivery.stop();
    running.facts.stop();
    running.connection.close();
    this.connected = false;
    await settlesWithin(deliveryStopped, remaining());
    if (!(await settlesWithin(running.outbox.close(), remaining()))) {
      this.logger.warn(
        'the outbox did not close in time; pending observations are on disk and will be resent',
      );
    }
  }

  private record(outbox: Outbox, observations: Observation[]): void {
    const appending = outbox
      .append(observations)
      .then(() => {
        for (const observation of observations) this.emit('observed', observation);
      })
      .catch((error: unknown) => {
        this.logger.error(
          { count: observations.length },
          `could not write observations to the outbox: ${describeError(error)}; they are lost`,
        );
      })
      .finally(() => this.appends.delete(appending));
    this.appends.add(appending);
  }

  private outboxDrained(outbox: Outbox): { done: Promise<void>; cancel: () => void } {
    let check = (): void => undefined;
    const done = new Promise<void>((resolve) => {
      check = () => {
        if (outbox.depth === 0) resolve();
      };
    });
    this.on('acked', check);
    check();
    return { done, cancel: () => this.off('acked', check) };
  }
}
