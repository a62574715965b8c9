/**
 * The agent's link to the server: one socket.io connection to `/agents`, authenticated in the handshake,
 * introduced by `hello`, kept alive by heartbeats. It reconnects by itself: socket.io retries lost transports
 * with jittered exponential backoff; a refusal (bad token, unsupported version) socket.io would not retry, so
 * it is retried here, slower, so that a thousand misconfigured agents never hammer the server.
 */
import { EventEmitter } from 'node:events';
import type {
  Ack,
  AgentAuth,
  AgentToServerEvents,
  BatchAck,
  FactsUpdate,
  Hello,
  HelloReply,
  JobDecisionAck,
  JobProgress,
  JobReport,
  ObservationBatch,
  OkAck,
  ServerToAgentEvents,
} from '@fleetmedic/protocol';
import { AGENTS_NAMESPACE, PROTOCOL_VERSION } from '@fleetmedic/protocol/constants';
import { type Socket, io } from 'socket.io-client';
import { type Logger, describeError, silentLogger } from '../logging/logger';
import { Backoff } from './backoff';
import { normalizeServerUrl } from './server-url';

const DEFAULT_HEARTBEAT_INTERVAL_MS = 30_000;
const MIN_HEARTBEAT_INTERVAL_MS = 10;

/** Events the server answers with an ack, their payloads and their replies, as the protocol's event map says. */
type AckedEvent = 'hello' | 'facts' | 'observations' | 'job.report';
type PayloadOf<E extends AckedEvent> = Parameters<AgentToServerEvents[E]>[0];
type ReplyOf<E extends AckedEvent> = Parameters<Parameters<AgentToServerEvents[E]>[1]>[0];

export interface ConnectionOptions {
  serverUrl: string;
  agentId: string;
  agentToken: string;
  /** Builds the hello at each (re)connection, so it carries the latest facts. */
  hello: () => Hello;
  /** For heartbeats: how many observations wait in the outbox. */
  outboxDepth: () => number;
  logger?: Logger;
  /** socket.io's own retry of lost connections: first delay, cap, and jitter (±50 % by default). */
  reconnectionDelayMs?: number;
  reconnectionDelayMaxMs?: number;
  randomizationFactor?: number;
  /** Retry of refused connections and refused hellos: these need a person, so retry slowly. */
  refusalRetryInitialMs?: number;
  refusalRetryMaxMs?: number;
  helloTimeoutMs?: number;
}

/** Why the server would not take this agent, from `connect_error` (see ConnectRefusal) or hello's error ack. */
export interface Refusal {
  code: string | null;
  message: string;
  retryInMs: number;
}

export interface ConnectionEvents {
  /** Connected and introduced: messages may flow. */
  ready: [reply: HelloReply];
  /** The connection was lost after `ready`; it is being re-established. */
  lost: [reason: string];
  refused: [refusal: Refusal];
}

/** Hands the server's `job` message (unchecked) and the function that answers it to whoever decides. */
export type JobHandler = (message: unknown, answer: (decision: JobDecisionAck) => void) => void;

/** Thrown by the send methods when the connection is not ready or drops before the ack. */
export class NotConnectedError extends Error {
  constructor() {
    super('not connected to the server');
    this.name = 'NotConnectedError';
  }
}

export class Connection extends EventEmitter<ConnectionEvents> {
  private readonly socket: Socket<ServerToAgentEvents, AgentToServerEvents>;
  private readonly logger: Logger;
  private readonly refusalBackoff: Backoff;
  private readonly helloTimeoutMs: number;
  private retryTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private introduced = false;
  private jobHandler: JobHandler | undefined;
  private closed = false;
  private unreachableLogged = false;

  constructor(private readonly options: ConnectionOptions) {
    super();
    this.logger = options.logger ?? silentLogger;
    this.helloTimeoutMs = options.helloTimeoutMs ?? 10_000;
    this.refusalBackoff = new Backoff({
      initialMs: options.refusalRetryInitialMs ?? 5_000,
      maxMs: options.refusalRetryMaxMs ?? 5 * 60_000,
    });
    this.socket = io(normalizeServerUrl(options.serverUrl) + AGENTS_NAMESPACE, {
      auth: authOf(options),
      transports: ['websocket'],
      forceNew: true,
      autoConnect: false,
      reconnection: true,
      reconnectionDelay: options.reconnectionDelayMs ?? 1_000,
      reconnectionDelayMax: options.reconnectionDelayMaxMs ?? 30_000,
      randomizationFactor: options.randomizationFactor ?? 0.5,
    });
    this.socket.on('connect', () => {
      this.introduce().catch((error: unknown) =>
        this.retryLater(`introducing the agent failed: ${describeError(error)}`),
      );
    });
    this.socket.on('disconnect', (reason) => this.onDisconnect(reason));
    this.socket.on('connect_error', (error) => this.onConnectError(error));
    this.socket.on('job', (message: unknown, ack: unknown) => {
      const answer = (decision: JobDecisionAck): void => {
        if (typeof ack === 'function') (ack as (decision: JobDecisionAck) => void)(decision);
      };
      if (this.jobHandler === undefined) return;
      this.jobHandler(message, answer);
    });
    this.socket.on('protocol-error', (error) => {
      this.logger.warn(
        { code: error.code, issues: error.issues },
        `server reports a protocol error: ${error.message}`,
      );
    });
  }

  /** True between `ready` and `lost`. */
  get isReady(): boolean {
    return this.introduced && this.socket.connected;
  }

  open(): void {
    this.socket.connect();
  }

  /** Closes the socket for good; pending sends fail with NotConnectedError. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.stopHeartbeat();
    const wasReady = this.isReady;
    this.introduced = false;
    this.socket.disconnect();
    if (wasReady) this.emit('lost', 'closed by the agent');
  }

  /**
   * Authenticates with new credentials from now on (the agent enrolled again): the connection, whether up,
   * coming up or waiting out a refusal, is made again at once with them. The refusal backoff is kept until
   * they are accepted, so that credentials refused in turn are retried no faster than before.
   */
  replaceCredentials(credentials: Pick<ConnectionOptions, 'agentId' | 'agentToken'>): void {
    if (this.closed) return;
    this.socket.auth = authOf(credentials);
    clearTimeout(this.retryTimer);
    // Disconnecting a socket that is up reports it lost (if it was introduced) like any other drop.
    if (this.socket.connected || this.socket.active) this.socket.disconnect();
    this.logger.info({ agentId: credentials.agentId }, 'reconnecting with new credentials');
    this.socket.connect();
  }

  sendBatch(batch: ObservationBatch, timeoutMs: number): Promise<Ack<BatchAck>> {
    return this.sendWhenReady('observations', batch, timeoutMs);
  }

  sendFacts(update: FactsUpdate, timeoutMs: number): Promise<Ack<OkAck>> {
    return this.sendWhenReady('facts', update, timeoutMs);
  }

  /** Who answers the server's remediation jobs; without one they go unanswered. */
  onJob(handler: JobHandler): void {
    this.jobHandler = handler;
  }

  sendJobReport(report: JobReport, timeoutMs: number): Promise<Ack<OkAck>> {
    return this.sendWhenReady('job.report', report, timeoutMs);
  }

  /** Live progress, best effort: dropped while disconnected (the report repeats every step). */
  sendJobProgress(progress: JobProgress): void {
    if (this.isReady) this.socket.emit('job.progress', progress);
  }

  private async sendWhenReady<E extends AckedEvent>(event: E, payload: PayloadOf<E>, timeoutMs: number) {
    // socket.io would buffer an emit made while disconnected and send it on reconnect: the outbox already
    // does that job, durably, so refuse instead of keeping a second, volatile queue.
    if (!this.isReady) throw new NotConnectedError();
    try {
      return await this.emitWithAck(event, payload, timeoutMs);
    } catch (error) {
      if (!this.isReady) throw new NotConnectedError();
      throw error;
    }
  }

  /** socket.io's types lose the reply type once `timeout()` decorates the acks: restore it from the event map. */
  private emitWithAck<E extends AckedEvent>(
    event: E,
    payload: PayloadOf<E>,
    timeoutMs: number,
  ): Promise<ReplyOf<E>> {
    const timed = this.socket.timeout(timeoutMs) as unknown as {
      emitWithAck(event: E, payload: PayloadOf<E>): Promise<ReplyOf<E>>;
    };
    return timed.emitWithAck(event, payload);
  }

  private async introduce(): Promise<void> {
    this.unreachableLogged = false;
    let reply: Ack<HelloReply>;
    try {
      reply = await this.emitWithAck('hello', this.options.hello(), this.helloTimeoutMs);
    } catch (error) {
      if (!this.socket.connected) return; // the disconnect handler takes it from here
      this.retryLater(`the server did not answer hello (${describeError(error)})`);
      return;
    }
    if (!reply.ok) {
      this.refused({ code: reply.error.code, message: reply.error.message });
      return;
    }
    this.introduced = true;
    this.refusalBackoff.reset();
    this.startHeartbeat(heartbeatInterval(reply.heartbeatIntervalMs));
    this.logger.info({ serverTime: reply.serverTime }, 'connected to the server');
    this.emit('ready', reply);
  }

  private onDisconnect(reason: Socket.DisconnectReason): void {
    this.stopHeartbeat();
    const wasIntroduced = this.introduced;
    this.introduced = false;
    if (this.closed) return;
    if (wasIntroduced) {
      this.logger.warn({ reason }, 'connection to the server lost; reconnecting');
      this.emit('lost', reason);
    }
    // The server hung up on purpose (token revoked, host replaced): socket.io leaves it to us to come back.
    if (reason === 'io server disconnect') this.retryLater('the server closed the connection');
  }

  private onConnectError(error: Error & { data?: unknown }): void {
    if (this.closed) return;
    if (this.socket.active) {
      // A transport failure (server down, network): socket.io retries with its own backoff.
      const message = `cannot reach the server (${error.message}); retrying`;
      if (this.unreachableLogged) this.logger.debug(message);
      else this.logger.warn(message);
      this.unreachableLogged = true;
      return;
    }
    const code = (error.data as { code?: unknown } | undefined)?.code;
    this.refused({ code: typeof code === 'string' ? code : null, message: error.message });
  }

  /** The server refused this agent: say why, loudly, and try again after a growing delay. */
  private refused(reason: { code: string | null; message: string }): void {
    const retryInMs = this.retryLater(
      `the server refused this agent: ${reason.message}${reason.code === null ? '' : ` (${reason.code})`}`,
    );
    if (retryInMs !== null) this.emit('refused', { ...reason, retryInMs });
  }

  /** Drops the connection and reconnects after the refusal backoff; returns the delay, null once closed. */
  private retryLater(what: string): number | null {
    if (this.closed) return null;
    this.introduced = false;
    if (this.socket.connected) this.socket.disconnect();
    const retryInMs = this.refusalBackoff.next();
    this.logger.error({ retryInMs }, `${what}; retrying in ${formatDelay(retryInMs)}`);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (!this.closed) this.socket.connect();
    }, retryInMs);
    return retryInMs;
  }

  private startHeartbeat(intervalMs: number): void {
    this.stopHeartbeat();
    this.heartbeatTimer = setInterval(() => {
      if (!this.isReady) return;
      this.socket.emit('heartbeat', {
        sentAt: new Date().toISOString(),
        outboxDepth: this.options.outboxDepth(),
      });
    }, intervalMs);
  }

  private stopHeartbeat(): void {
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
  }
}

function authOf(credentials: Pick<ConnectionOptions, 'agentId' | 'agentToken'>): AgentAuth {
  return { agentId: credentials.agentId, token: credentials.agentToken, protocolVersion: PROTOCOL_VERSION };
}

/** The server's reply is trusted but not zod-checked: a missing or silly interval must not become a busy loop. */
function heartbeatInterval(fromServer: unknown): number {
  return typeof fromServer === 'number' &&
    Number.isFinite(fromServer) &&
    fromServer >= MIN_HEARTBEAT_INTERVAL_MS
    ? fromServer
    : DEFAULT_HEARTBEAT_INTERVAL_MS;
}

function formatDelay(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}
