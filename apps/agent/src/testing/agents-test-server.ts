/**
 * A minimal FleetMedic server for the agent's specs: `POST /api/agents/enroll` and the `/agents` socket.io
 * namespace with handshake auth, validating every message with the real protocol schemas and answering
 * with the protocol's acks and errors (INVALID_MESSAGE with its issues, HOST_MISMATCH), within the real
 * server's 4 MB message limit. Specs steer it (drop an ack, refuse a batch) to play the failures the agent
 * must survive. It also signs remediation jobs with its Ed25519 key (the one enrollment hands out), sends
 * them with `job`, and takes `job.progress` and `job.report` (each report stored once, by job id).
 * Not the real server: just enough of the contract to test the agent against it.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
  createServer,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AGENTS_NAMESPACE,
  type Ack,
  type AgentToServerEvents,
  type BatchAck,
  ConnectRefusal,
  type FactsUpdate,
  type Heartbeat,
  type Hello,
  type JobDecisionAck,
  type JobProgress,
  type JobReport,
  type Observation,
  type ObservationBatch,
  PROTOCOL_VERSION,
  type ProtocolError,
  ProtocolErrorCode,
  type ProtocolIssue,
  type ServerToAgentEvents,
  agentAuthSchema,
  enrollmentRequestSchema,
  factsUpdateSchema,
  heartbeatSchema,
  helloSchema,
  jobDecisionAckSchema,
  jobProgressSchema,
  jobReportSchema,
  observationBatchSchema,
  parseWith,
} from '@fleetmedic/protocol';
import { type RemediationJob, type SignedJob, signJob } from '@fleetmedic/protocol/remediation-job';
import { type Namespace, Server, type Socket } from 'socket.io';

/** What the server does with a valid batch: ack it, never answer (a lost ack), or answer an error. */
export type BatchPolicy = (batch: ObservationBatch) => 'ack' | 'drop' | ProtocolError;

/** What the server does with a valid job report: ack it, never answer, drop the connection, or answer an error. */
export type ReportPolicy = (report: JobReport) => 'ack' | 'drop' | 'disconnect' | ProtocolError;

/** The real server's socket.io `maxHttpBufferSize` (apps/server/src/socket-adapter.ts). */
export const MAX_SOCKET_MESSAGE_BYTES = 4 * 1024 * 1024;

export interface AgentsTestServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  enrollSecret?: string;
  /** agentId → token, shared between server instances to play a restart. */
  agents?: Map<string, string>;
  heartbeatIntervalMs?: number;
}

export interface AgentsTestServerEvents {
  connectAttempt: [at: number];
  hello: [agentId: string, hello: Hello];
  batch: [agentId: string, batch: ObservationBatch];
  stored: [observation: Observation];
  heartbeat: [agentId: string, heartbeat: Heartbeat];
  facts: [agentId: string, update: FactsUpdate];
  enrolled: [agentId: string];
  jobProgress: [agentId: string, progress: JobProgress];
  /** A valid report arrived (every time it is sent). */
  jobReport: [agentId: string, report: JobReport];
  /** A report was stored: the first time its job id arrived with an ack. */
  jobReportStored: [report: JobReport];
}

export class AgentsTestServer extends EventEmitter<AgentsTestServerEvents> {
  readonly agents: Map<string, string>;
  /** Stored once per observation id, as the real server's dedupe does. */
  readonly stored = new Map<string, Observation>();
  /** Batches that passed validation and named no other host, in arrival order. */
  readonly batches: ObservationBatch[] = [];
  /** The size in bytes of JSON of every batch received, valid or not, in arrival order. */
  readonly batchBytes: number[] = [];
  readonly hellos: Hello[] = [];
  readonly connectAttempts: number[] = [];
  enrollments = 0;
  /** The key pair whose public half enrollment hands out, as the real server's job signing key. */
  readonly signingKeys = generateKeyPairSync('ed25519');
  batchPolicy: BatchPolicy = () => 'ack';
  reportPolicy: ReportPolicy = () => 'ack';
  /** Job reports stored, by job id, once each. */
  readonly reports = new Map<string, JobReport>();
  /** Every valid job report received, resends included. */
  readonly reportReceipts: JobReport[] = [];
  readonly progress: JobProgress[] = [];
  /** Messages that failed the protocol's validation, by event: the agent must never send one. */
  readonly invalid: { event: string; message: string }[] = [];
  /** False refuses every connection as INVALID_CREDENTIALS, even just enrolled ones. */
  acceptsCredentials = true;

  private readonly machineAgents = new Map<string, string>();
  private readonly sockets = new Map<string, Socket<AgentToServerEvents, ServerToAgentEvents>>();
  private readonly enrollSecret: string;

  private constructor(
    private readonly http: HttpServer,
    private readonly io: Server,
    options: AgentsTestServerOptions,
  ) {
    super();
    this.agents = options.agents ?? new Map<string, string>();
    this.enrollSecret = options.enrollSecret ?? 'test-enroll-secret';
    http.on('request', (request, response) => void this.handleHttp(request, response));
    this.serveAgents(options.heartbeatIntervalMs ?? 30_000);
  }

  static async start(options: AgentsTestServerOptions = {}): Promise<AgentsTestServer> {
    const http = createServer();
    const io = new Server(http, { transports: ['websocket'], maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES });
    const server = new AgentsTestServer(http, io, options);
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return server;
  }

  get port(): number {
    return (this.http.address() as AddressInfo).port;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Registers credentials directly, as if the agent had enrolled. */
  addAgent(
    agentId: string = randomUUID(),
    token: string = randomBytes(24).toString('hex'),
  ): { agentId: string; token: string } {
    this.agents.set(agentId, token);
    return { agentId, token };
  }

  /** Resolves with the arguments of the next `event`. */
  async nextEvent<K extends keyof AgentsTestServerEvents>(event: K): Promise<AgentsTestServerEvents[K]> {
    const [first] = await this.nextEvents(event, 1);
    return first as AgentsTestServerEvents[K];
  }

  /** Resolves with the arguments of the next `count` emissions of `event`. */
  async nextEvents<K extends keyof AgentsTestServerEvents>(
    event: K,
    count = 1,
  ): Promise<AgentsTestServerEvents[K][]> {
    const seen: AgentsTestServerEvents[K][] = [];
    return new Promise((resolve) => {
      const listener = (...args: AgentsTestServerEvents[K]): void => {
        seen.push(args);
        if (seen.length < count) return;
        this.off(event, listener as never);
        resolve(seen);
      };
      this.on(event, listener as never);
    });
  }

  /** Resolves once an observation matching `predicate` is stored (or already was). */
  async storedMatching(predicate: (observation: Observation) => boolean): Promise<Observation> {
    for (const observation of this.stored.values()) if (predicate(observation)) return observation;
    return new Promise((resolve) => {
      const listener = (observation: Observation): void => {
        if (!predicate(observation)) return;
        this.off('stored', listener);
        resolve(observation);
      };
      this.on('stored', listener);
    });
  }

  /** The server's job signing key as enrollment hands it out (SPKI PEM). */
  get serverPublicKey(): string {
    return this.signingKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** Signs a job with the server's key, as the real server does at approval. */
  sign(job: RemediationJob): SignedJob {
    return signJob(job, this.signingKeys.privateKey);
  }

  /** Sends `job` to the agent's connection and resolves with its decision, checked against the protocol. */
  async sendJob(agentId: string, signed: unknown, timeoutMs = 5_000): Promise<JobDecisionAck> {
    const socket = this.sockets.get(agentId);
    if (socket === undefined) throw new Error(`agent ${agentId} is not connected`);
    const decision: unknown = await socket.timeout(timeoutMs).emitWithAck('job', signed as SignedJob);
    const parsed = parseWith(jobDecisionAckSchema, decision);
    if (!parsed.ok) throw new Error(`invalid job decision: ${parsed.message}`);
    return parsed.value;
  }

  /** Resolves once the job's report is stored (or at once if it already is). */
  async reportStored(jobId: string): Promise<JobReport> {
    const stored = this.reports.get(jobId);
    if (stored !== undefined) return stored;
    return new Promise((resolve) => {
      const listener = (report: JobReport): void => {
        if (report.jobId !== jobId) return;
        this.off('jobReportStored', listener);
        resolve(report);
      };
      this.on('jobReportStored', listener);
    });
  }

  /** Drops every agent connection, as a server restart would; the agents come back by themselves. */
  disconnectAll(): void {
    this.io.of(AGENTS_NAMESPACE).disconnectSockets(true);
  }

  async close(): Promise<void> {
    this.io.disconnectSockets(true);
    await this.io.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => {
      if (!this.http.listening) resolve();
      else this.http.close(() => resolve());
    });
  }

  private serveAgents(heartbeatIntervalMs: number): void {
    const agentsNamespace: Namespace<AgentToServerEvents, ServerToAgentEvents> = this.io.of(AGENTS_NAMESPACE);
    agentsNamespace.use((socket, next) => {
      this.connectAttempts.push(Date.now());
      this.emit('connectAttempt', Date.now());
      const auth = parseWith(agentAuthSchema, socket.handshake.auth);
      if (!auth.ok) return next(refusal(ConnectRefusal.MissingCredentials, auth.message));
      if (!this.acceptsCredentials || this.agents.get(auth.value.agentId) !== auth.value.token) {
        return next(refusal(ConnectRefusal.InvalidCredentials, 'invalid agent credentials'));
      }
      (socket.data as { agentId?: string }).agentId = auth.value.agentId;
      next();
    });
    agentsNamespace.on('connection', (socket) => {
      const agentId = (socket.data as { agentId: string }).agentId;
      this.sockets.set(agentId, socket);
      socket.on('disconnect', () => {
        if (this.sockets.get(agentId) === socket) this.sockets.delete(agentId);
      });
      socket.on('job.progress', (progress) => {
        const parsed = parseWith(jobProgressSchema, progress);
        if (!parsed.ok) return void this.invalid.push({ event: 'job.progress', message: parsed.message });
        this.progress.push(parsed.value);
        this.emit('jobProgress', agentId, parsed.value);
      });
      socket.on('job.report', (report, ack) => this.receiveReport(socket, agentId, report, ack));
      socket.on('hello', (hello, ack) => {
        const parsed = parseWith(helloSchema, hello);
        if (!parsed.ok) return ack(invalid(parsed.message, parsed.issues));
        this.hellos.push(parsed.value);
        ack({ ok: true, serverTime: new Date().toISOString(), heartbeatIntervalMs });
        this.emit('hello', agentId, parsed.value);
      });
      socket.on('heartbeat', (heartbeat) => {
        const parsed = parseWith(heartbeatSchema, heartbeat);
        if (parsed.ok) this.emit('heartbeat', agentId, parsed.value);
      });
      socket.on('facts', (update, ack) => {
        const parsed = parseWith(factsUpdateSchema, update);
        if (!parsed.ok) return ack(invalid(parsed.message, parsed.issues));
        ack({ ok: true });
        this.emit('facts', agentId, parsed.value);
      });
      socket.on('observations', (batch, ack) => this.receiveBatch(agentId, batch, ack));
    });
  }

  private receiveReport(
    socket: Socket<AgentToServerEvents, ServerToAgentEvents>,
    agentId: string,
    report: JobReport,
    ack: (reply: Ack<{ ok: true }>) => void,
  ): void {
    const parsed = parseWith(jobReportSchema, report);
    if (!parsed.ok) {
      this.invalid.push({ event: 'job.report', message: parsed.message });
      return ack(invalid(parsed.message, parsed.issues));
    }
    this.reportReceipts.push(parsed.value);
    this.emit('jobReport', agentId, parsed.value);
    const decision = this.reportPolicy(parsed.value);
    if (decision === 'drop') return;
    if (decision === 'disconnect') return void socket.disconnect(true);
    if (decision !== 'ack') return ack({ ok: false, error: decision });
    const first = !this.reports.has(parsed.value.jobId);
    if (first) this.reports.set(parsed.value.jobId, parsed.value);
    ack({ ok: true });
    if (first) this.emit('jobReportStored', parsed.value);
  }

  private receiveBatch(agentId: string, batch: ObservationBatch, ack: (reply: Ack<BatchAck>) => void): void {
    this.batchBytes.push(Buffer.byteLength(JSON.stringify(batch)));
    const parsed = parseWith(observationBatchSchema, batch);
    if (!parsed.ok) return ack(invalid(parsed.message, parsed.issues));
    const foreign = parsed.value.observations.findIndex((observation) => observation.hostId !== agentId);
    if (foreign !== -1) {
      return ack({
        ok: false,
        error: {
          code: ProtocolErrorCode.HostMismatch,
          message: `observations[${foreign}].hostId: an agent may only report for its own host (${agentId})`,
          issues: [{ path: `observations[${foreign}].hostId`, message: 'not this agent’s host id' }],
        },
      });
    }
    this.batches.push(parsed.value);
    this.emit('batch', agentId, parsed.value);
    const decision = this.batchPolicy(parsed.value);
    if (decision === 'drop') return;
    if (decision !== 'ack') return ack({ ok: false, error: decision });
    let duplicates = 0;
    for (const observation of parsed.value.observations) {
      if (this.stored.has(observation.id)) {
        duplicates += 1;
        continue;
      }
      this.stored.set(observation.id, observation);
      this.emit('stored', observation);
    }
    const total = parsed.value.observations.length;
    ack({ ok: true, batchId: parsed.value.batchId, stored: total - duplicates, duplicates });
  }

  private async handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || request.url !== '/api/agents/enroll') {
      return reply(response, 404, { statusCode: 404, code: 'NOT_FOUND', message: 'not found' });
    }
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request));
    } catch {
      return reply(response, 400, {
        statusCode: 400,
        code: 'INVALID_REQUEST',
        message: 'the body is not JSON',
      });
    }
    const parsed = parseWith(enrollmentRequestSchema, body);
    if (!parsed.ok) {
      return reply(response, 400, {
        statusCode: 400,
        code: 'INVALID_REQUEST',
        message: parsed.message,
        issues: parsed.issues,
      });
    }
    if (parsed.value.enrollSecret !== this.enrollSecret) {
      return reply(response, 401, {
        statusCode: 401,
        code: 'INVALID_ENROLL_SECRET',
        message: 'the enrollment secret is wrong',
      });
    }
    this.enrollments += 1;
    const machineId = parsed.value.machineId;
    const agentId = (machineId && this.machineAgents.get(machineId)) ?? randomUUID();
    if (machineId !== undefined) this.machineAgents.set(machineId, agentId);
    const { token } = this.addAgent(agentId);
    reply(response, 201, {
      agentId,
      agentToken: token,
      protocolVersion: PROTOCOL_VERSION,
      serverPublicKey: this.serverPublicKey,
    });
    this.emit('enrolled', agentId);
  }
}

function refusal(code: string, message: string): Error {
  return Object.assign(new Error(message), { data: { code } });
}

function invalid(message: string, issues: ProtocolIssue[]): { ok: false; error: ProtocolError } {
  return { ok: false, error: { code: ProtocolErrorCode.InvalidMessage, message, issues } };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A port that was free a moment ago: for starting a server later, where an agent already expects it. */
export async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
