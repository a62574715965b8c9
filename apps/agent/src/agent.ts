/**
 * One agent for one PC: the check runner observes the Host, every observation goes to the durable outbox,
 * and the link delivers the outbox to the server over one socket.io connection. The same connection brings
 * signed remediation jobs, which the job coordinator admits, runs and reports. Its events let tests and
 * benchmarks follow an observation from the PC to the server's ack, and a job from its decision to its
 * acknowledged report.
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import type {
  Hello,
  HelloReply,
  JobProgress,
  JobReport,
  Observation,
  ObservationBatch,
  ProtocolError,
} from '@fleetmedic/protocol';
import type { JobRefusal } from '@fleetmedic/protocol/constants';
import type { RemediationJob } from '@fleetmedic/protocol/remediation-job';
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
import { JobCoordinator } from './remediation/job-coordinator';
import type { RemediationPolicy } from './remediation/job-guard';
import type { StepRunner } from './remediation/step-runner';
import type { VerifyTiming } from './remediation/verify-steps';
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

/** What the agent needs of its credentials to connect (and, to run jobs, the server key pinned with them). */
export type AgentLinkCredentials = Pick<AgentCredentials, 'serverUrl' | 'agentId' | 'agentToken'> &
  Partial<Pick<AgentCredentials, 'serverPublicKey'>>;

/** Remediation on this PC: how it runs steps, and what its owner allows (never decided by the server). */
export interface AgentRemediationOptions {
  steps: StepRunner;
  policy: RemediationPolicy;
  /** How many jobs' backups are kept (default 5). */
  backupsKept?: number;
  verify?: VerifyTiming;
}

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
  /** Without it, every job is refused with REMEDIATION_DISABLED. */
  remediation?: AgentRemediationOptions;
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
  /** A remediation job passed every check and runs now. */
  jobAccepted: [job: RemediationJob];
  /** A job was refused (the jobId is empty when the message had none). */
  jobRefused: [jobId: string, refusal: JobRefusal, message: string];
  /** A step of the running job started or ended. */
  jobProgress: [progress: JobProgress];
  /** A job ended; its report is on disk and on its way to the server. */
  jobFinished: [report: JobReport];
  /** The server acked a job's report. */
  jobReported: [jobId: string];
  /** The server refused a job's report for good; it is kept aside in the state directory. */
  jobReportSetAside: [report: JobReport, error: ProtocolError];
}

export const DEFAULT_STOP_DEADLINE_MS = 5_000;

interface Running {
  outbox: Outbox;
  runner: CheckRunner;
  connection: Connection;
  delivery: Delivery;
  facts: FactsReporter;
  jobs: JobCoordinator;
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
    const jobs = this.jobCoordinator(connection, runner);
    connection.onJob((message, answer) => jobs.receive(message, answer));
    connection.on('ready', () => jobs.flush());

    this.running = { outbox, runner, connection, delivery, facts, jobs };
    await runner.start();
    await Promise.all(this.appends);
    await jobs.start();
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
    // A key pinned before is kept unless the new enrollment pinned one: only enrollment hands out keys.
    this.credentials = {
      ...credentials,
      serverPublicKey: credentials.serverPublicKey ?? this.credentials.serverPublicKey,
    };
    this.running?.connection.replaceCredentials(credentials);
  }

  /** The remediation job running on this PC now, if any. */
  get runningJobId(): string | undefined {
    return this.running?.jobs.runningJobId;
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
    // A job stops after its current step; the next start puts the PC back and reports it.
    await settlesWithin(running.jobs.stop(Math.max(0, remaining() / 2)), remaining());
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

  private jobCoordinator(connection: Connection, runner: CheckRunner): JobCoordinator {
    const { options, logger } = this;
    const remediation = options.remediation;
    const link = options.link ?? {};
    const jobs = new JobCoordinator({
      stateDir: options.stateDir,
      host: options.host,
      steps: remediation?.steps ?? null,
      policy: remediation?.policy ?? { enabled: false, allowedPlaybooks: [] },
      identity: () => ({
        agentId: this.credentials.agentId,
        serverPublicKey: this.credentials.serverPublicKey,
      }),
      link: connection,
      logger,
      ackTimeoutMs: link.ackTimeoutMs,
      retryInitialMs: link.batchRetryInitialMs,
      retryMaxMs: link.batchRetryMaxMs,
      backupsKept: remediation?.backupsKept,
      verify: remediation?.verify,
    });
    jobs.on('accepted', (job) => this.emit('jobAccepted', job));
    jobs.on('refused', (jobId, refusal, message) => this.emit('jobRefused', jobId, refusal, message));
    jobs.on('progress', (progress) => this.emit('jobProgress', progress));
    jobs.on('finished', (report) => {
      // The PC just changed: check it now so that the server sees its new state at once.
      runner.checkNow();
      this.emit('jobFinished', report);
    });
    jobs.on('reported', (jobId) => this.emit('jobReported', jobId));
    jobs.on('setAside', (report, error) => this.emit('jobReportSetAside', report, error));
    return jobs;
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
