/**
 * The agent's side of remediation on the wire: answers each `job` with its decision (JobGuard's, or BUSY while
 * another job runs), runs an accepted job with the executor, sends its progress, keeps its report on disk and
 * sends it with `job.report` at once and again on every (re)connection until the server acks it. One job at
 * a time; a job interrupted by a stop or a crash is put back at the next start and reported then.
 */
import { EventEmitter } from 'node:events';
import type { Ack, JobDecisionAck, JobProgress, JobReport, OkAck, ProtocolError } from '@fleetmedic/protocol';
import { JobRefusal, ProtocolErrorCode } from '@fleetmedic/protocol/constants';
import type { RemediationJob } from '@fleetmedic/protocol/remediation-job';
import type { Host } from '../host/host';
import { Backoff } from '../link/backoff';
import { NotConnectedError } from '../link/connection';
import { type Logger, describeError, silentLogger } from '../logging/logger';
import type { JobExecutor } from './executor';
import type { JobGuard, RemediationPolicy } from './job-guard';
import { JobJournal } from './job-journal';
import { JobReports } from './job-reports';
import { SeenJobs } from './seen-jobs';
import type { StepRunner } from './step-runner';
import type { VerifyTiming } from './verify-steps';

/**
 * The code that checks and runs jobs is loaded with the first job, not at start: most agents run no job for
 * weeks, and every module loaded stays in memory (the agent's footprint budget). `require` rather than
 * `import()`: it resolves the same in Node and in every jest setup that maps the agent's sources.
 */
function loadJobRuntime(): JobRuntime {
  /* eslint-disable @typescript-eslint/no-require-imports -- deferred loading, see above */
  const { JobExecutor: executor } = require('./executor') as Pick<JobRuntime, 'JobExecutor'>;
  const { JobGuard: guard } = require('./job-guard') as Pick<JobRuntime, 'JobGuard'>;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { JobExecutor: executor, JobGuard: guard };
}

interface JobRuntime {
  JobExecutor: typeof JobExecutor;
  JobGuard: typeof JobGuard;
}

/** What the coordinator needs of the connection. */
export interface JobLink {
  readonly isReady: boolean;
  sendJobProgress(progress: JobProgress): void;
  sendJobReport(report: JobReport, timeoutMs: number): Promise<Ack<OkAck>>;
}

/** Answers the server's `job` with the agent's decision. */
export type JobDecisionAnswer = (decision: JobDecisionAck) => void;

export interface JobCoordinatorOptions {
  stateDir: string;
  host: Host;
  /** How this PC runs steps; null when this agent runs no remediation at all. */
  steps: StepRunner | null;
  policy: RemediationPolicy;
  /** The agent's id and pinned server key now (both change when the agent enrolls again). */
  identity: () => { agentId: string; serverPublicKey?: string };
  link: JobLink;
  logger?: Logger;
  ackTimeoutMs?: number;
  retryInitialMs?: number;
  retryMaxMs?: number;
  backupsKept?: number;
  verify?: VerifyTiming;
}

export interface JobCoordinatorEvents {
  accepted: [job: RemediationJob];
  refused: [jobId: string, refusal: JobRefusal, message: string];
  progress: [progress: JobProgress];
  /** The job ended and its report is on disk, about to be sent. */
  finished: [report: JobReport];
  /** The server acked the report. */
  reported: [jobId: string];
  /** The server refused the report for good; it is kept aside on disk. */
  setAside: [report: JobReport, error: ProtocolError];
}

interface RunningJob {
  jobId: string;
  stop: AbortController;
  done: Promise<void>;
}

export class JobCoordinator extends EventEmitter<JobCoordinatorEvents> {
  private readonly logger: Logger;
  private readonly retry: Backoff;
  private seen: SeenJobs | undefined;
  private reports: JobReports | undefined;
  /** Set from the moment a job is being decided on until its report is on disk. */
  private running: RunningJob | { jobId: string; deciding: true } | undefined;
  private flushing: Promise<void> | undefined;
  private flushAgain = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: JobCoordinatorOptions) {
    super();
    this.logger = options.logger ?? silentLogger;
    this.retry = new Backoff({
      initialMs: options.retryInitialMs ?? 2_000,
      maxMs: options.retryMaxMs ?? 60_000,
    });
  }

  /** The job running now, if any. */
  get runningJobId(): string | undefined {
    return this.running?.jobId;
  }

  /** Opens what is kept on disk and puts back a job the agent was stopped in the middle of. */
  async start(): Promise<void> {
    this.seen = await SeenJobs.open(this.options.stateDir);
    this.reports = await JobReports.open(this.options.stateDir);
    const journal = new JobJournal(this.options.stateDir);
    let entry;
    try {
      entry = await journal.read();
    } catch (error) {
      this.logger.error(`cannot read the interrupted job: ${describeError(error)}; it is left for a person`);
      return;
    }
    if (entry === null) return;
    if (await this.reports.has(entry.job.jobId)) {
      await journal.clear();
      return;
    }
    this.logger.warn({ jobId: entry.job.jobId }, 'a job was interrupted; putting the PC back');
    const interrupted = entry;
    this.track(entry.job.jobId, async () => (await this.executor()).recover(interrupted));
  }

  /** The server's `job`: answers at once, then runs an accepted job in the background. */
  receive(message: unknown, answer: JobDecisionAnswer): void {
    const jobId = jobIdOf(message);
    if (this.stopped) return this.refuse(answer, jobId, JobRefusal.Busy, 'the agent is stopping');
    // The job running now, sent again, is a replay: the guard says so. Any other job waits its turn.
    if (this.running !== undefined && this.running.jobId !== jobId) {
      return this.refuse(answer, jobId, JobRefusal.Busy, `job ${this.running.jobId} is running on this PC`);
    }
    const deciding = this.running === undefined;
    if (deciding) this.running = { jobId, deciding: true };
    void this.decide(message, jobId, answer, deciding);
  }

  /** Sends the reports waiting on disk; called when the connection is (again) ready. */
  flush(): void {
    if (this.stopped || this.reports === undefined) return;
    if (this.flushing !== undefined) {
      this.flushAgain = true;
      return;
    }
    clearTimeout(this.retryTimer);
    this.flushing = this.deliver()
      .catch((error: unknown) => {
        this.logger.error(`sending job reports failed: ${describeError(error)}`);
        this.retryLater();
      })
      .finally(() => {
        this.flushing = undefined;
        if (this.flushAgain) {
          this.flushAgain = false;
          this.flush();
        }
      });
  }

  /** Stops a running job after its current step (the next start puts the PC back) and waits up to `ms`. */
  async stop(ms: number): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const running = this.running;
    if (running !== undefined && 'stop' in running) {
      running.stop.abort();
      await Promise.race([running.done, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
    }
    await this.flushing;
  }

  private async decide(
    message: unknown,
    jobId: string,
    answer: JobDecisionAnswer,
    deciding: boolean,
  ): Promise<void> {
    const release = (): void => {
      if (deciding) this.running = undefined;
    };
    const { agentId, serverPublicKey } = this.options.identity();
    if (serverPublicKey === undefined) {
      release();
      return this.refuse(
        answer,
        jobId,
        JobRefusal.BadSignature,
        'this agent has no server key pinned (it enrolled before remediation existed): enroll it again',
      );
    }
    const { steps, policy } = this.options;
    let decision;
    try {
      const { JobGuard: Guard } = loadJobRuntime();
      const guard = new Guard({
        hostId: agentId,
        serverPublicKey,
        policy: steps === null ? { enabled: false, allowedPlaybooks: [] } : policy,
        seen: this.seen!,
      });
      decision = await guard.admit(message);
    } catch (error) {
      release();
      this.logger.error(`could not decide on job ${jobId}: ${describeError(error)}`);
      return this.refuse(answer, jobId, JobRefusal.Busy, 'the agent could not record the job; send it again');
    }
    if (!decision.ok) {
      release();
      return this.refuse(answer, jobId, decision.refusal, decision.message);
    }
    if (!deciding || this.stopped) {
      // Unreachable in practice (a replay of the running job is refused above), kept for safety.
      return this.refuse(answer, jobId, JobRefusal.Busy, 'another job is running on this PC');
    }
    answer({ ok: true, jobId, accepted: true });
    this.logger.info({ jobId, playbook: decision.job.playbookId }, 'running remediation job');
    this.emit('accepted', decision.job);
    const job = decision.job;
    this.track(jobId, async (signal) => (await this.executor()).run(job, signal));
  }

  /** Runs `work` as the job of this PC, then keeps and sends its report (null: interrupted, kept for later). */
  private track(jobId: string, work: (signal: AbortSignal) => Promise<JobReport | null>): void {
    const stop = new AbortController();
    const done = work(stop.signal)
      .catch(async (error: unknown) => this.whenExecutorFailed(jobId, error))
      .then(async (report) => {
        if (report === null) return;
        await this.reports!.save(report);
        await new JobJournal(this.options.stateDir).clear();
        this.emit('finished', report);
        this.flush();
      })
      .catch((error: unknown) => {
        this.logger.error({ jobId }, `could not keep the job's report: ${describeError(error)}`);
      })
      .finally(() => {
        this.running = undefined;
      });
    this.running = { jobId, stop, done };
  }

  /** The executor itself failed (a disk error): put back what the journal shows, or say what happened. */
  private async whenExecutorFailed(jobId: string, error: unknown): Promise<JobReport> {
    this.logger.error({ jobId }, `the job failed in the agent: ${describeError(error)}`);
    const entry = await new JobJournal(this.options.stateDir).read().catch(() => null);
    if (entry !== null && entry.job.jobId === jobId) {
      try {
        return await (await this.executor()).recover(entry);
      } catch (again) {
        this.logger.error({ jobId }, `putting the PC back failed too: ${describeError(again)}`);
      }
    }
    const now = new Date().toISOString();
    return {
      jobId,
      outcome: entry === null || entry.steps.length === 0 ? 'rolled-back' : 'rollback-failed',
      steps: entry?.steps ?? [],
      rollback: [],
      restartPending: false,
      message:
        entry === null || entry.steps.length === 0
          ? `The job could not start: ${describeError(error)}; nothing was changed.`
          : `The agent lost track of the job: ${describeError(error)}. The PC needs a person.`,
      startedAt: entry?.startedAt ?? now,
      finishedAt: now,
    };
  }

  private async deliver(): Promise<void> {
    const { link, ackTimeoutMs = 10_000 } = this.options;
    for (const report of await this.reports!.pending()) {
      if (this.stopped || !link.isReady) return;
      let reply: Ack<OkAck>;
      try {
        reply = await link.sendJobReport(report, ackTimeoutMs);
      } catch (error) {
        // Lost connection: the next `ready` sends it. No ack in time: try again shortly.
        if (!(error instanceof NotConnectedError)) this.retryLater();
        return;
      }
      if (reply.ok) {
        this.retry.reset();
        await this.reports!.remove(report.jobId);
        this.emit('reported', report.jobId);
        continue;
      }
      if (
        reply.error.code === ProtocolErrorCode.InvalidMessage ||
        reply.error.code === ProtocolErrorCode.HostMismatch
      ) {
        await this.reports!.setAside(report, reply.error);
        this.logger.error(
          { jobId: report.jobId, code: reply.error.code },
          `the server refused the job's report for good: ${reply.error.message}; kept in ${this.reports!.rejectedFile(report.jobId)}`,
        );
        this.emit('setAside', report, reply.error);
        continue;
      }
      this.retryLater();
      return;
    }
  }

  private retryLater(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.flush(), this.retry.next());
  }

  private refuse(answer: JobDecisionAnswer, jobId: string, refusal: JobRefusal, message: string): void {
    answer({ ok: true, jobId, accepted: false, refusal, message });
    this.logger.warn({ jobId, refusal }, `refused remediation job: ${message}`);
    this.emit('refused', jobId, refusal, message);
  }

  private async executor(): Promise<JobExecutor> {
    const { JobExecutor: Executor } = loadJobRuntime();
    const { host, steps, stateDir, backupsKept, verify, link } = this.options;
    return new Executor({
      host,
      // A job is only accepted with a step runner; recovery without one cannot undo, and says so.
      steps: steps ?? {
        runStep: async () => ({ ok: false, message: 'this agent runs no remediation', output: [] }),
      },
      stateDir,
      backupsKept,
      verify,
      logger: this.logger,
      onProgress: (jobId, step) => {
        const progress: JobProgress = { jobId, step, sentAt: new Date().toISOString() };
        link.sendJobProgress(progress);
        this.emit('progress', progress);
      },
    });
  }
}

/** The job id to answer with: the message's own when it has one, cut to the protocol's length. */
function jobIdOf(message: unknown): string {
  const job = (message as { job?: { jobId?: unknown } } | null)?.job;
  return typeof job?.jobId === 'string' ? job.jobId.slice(0, 100) : '';
}
