/**
 * Runs an admitted job on this PC: its steps in order, each reported as it starts and ends; at the first
 * failed step it stops and runs the undo of every step that ran (`rollbackOf`, last change first), going on
 * through the undo even when one of its steps fails, so that as much as possible is put back. The result is
 * the job's report: succeeded, rolled back, or rollback failed (the PC needs a person), with every step.
 *
 * Changes go through the StepRunner port; waits and verification are done here over the Host port's reads.
 * A change runs only when the backup that undoes it was taken earlier in the job (backup-rules.ts).
 */
import type { PlaybookStep } from '@fleetmedic/knowledge';
import type { JobReport, StepResult } from '@fleetmedic/protocol';
import type { JobOutcome, StepPhase } from '@fleetmedic/protocol/constants';
import { rollbackOf } from '@fleetmedic/knowledge/rollback';
import type { RemediationJob } from '@fleetmedic/protocol/remediation-job';
import type { Host } from '../host/host';
import { type Logger, describeError, silentLogger } from '../logging/logger';
import { type TakenBackup, backupTakenBy, missingBackup } from './backup-rules';
import { DEFAULT_BACKUPS_KEPT, jobBackupDir, prepareJobBackups } from './backups';
import { JobJournal, type JournalEntry } from './job-journal';
import { boundMessage, stepResult } from './step-results';
import { type StepOutcome, type StepRunner, describeStep, failed } from './step-runner';
import {
  DEFAULT_VERIFY_TIMING,
  type VerifyTiming,
  verifyService,
  verifyUpdate,
  waitStep,
} from './verify-steps';

export interface JobExecutorOptions {
  /** Read for verification and for the pending restart at the end. */
  host: Host;
  steps: StepRunner;
  /** Holds the job journal and the backups. */
  stateDir: string;
  backupsKept?: number;
  verify?: VerifyTiming;
  /** A step started or ended. */
  onProgress?: (jobId: string, step: StepResult) => void;
  now?: () => Date;
  logger?: Logger;
}

export class JobExecutor {
  readonly journal: JobJournal;
  private readonly now: () => Date;
  private readonly logger: Logger;

  constructor(private readonly options: JobExecutorOptions) {
    this.journal = new JobJournal(options.stateDir);
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * Runs the job to its report. When `signal` aborts (the agent is stopping) it returns null once the step in
   * progress returns (a wait or a verification returns at once), leaving the job in the journal: the next
   * start puts the PC back (`recover`).
   */
  async run(job: RemediationJob, signal?: AbortSignal): Promise<JobReport | null> {
    const run = await this.begin(job, this.now().toISOString());
    const steps = job.steps as unknown as PlaybookStep[];
    for (const [index, step] of steps.entries()) {
      if (signal?.aborted) return null;
      const result = await run.step('run', index, step, signal);
      if (signal?.aborted) return null;
      if (result.status === 'failed') {
        const failure = `step ${index + 1} of ${steps.length} (${describeStep(step)}) failed: ${result.message}`;
        // A failed step may have changed part of what it touches, so it is undone too, unless it never ran.
        return this.rollBack(run, steps.slice(0, run.lastStepRefused ? index : index + 1), failure);
      }
    }
    return this.finish(run, 'succeeded', await this.successMessage(run, steps));
  }

  /**
   * Ends a job the agent was stopped in the middle of: if every step had succeeded it is reported so, else
   * whatever ran (the interrupted step included) is undone from the start of the undo.
   */
  async recover(entry: JournalEntry): Promise<JobReport> {
    const steps = entry.job.steps as unknown as PlaybookStep[];
    const run = await this.begin(entry.job, entry.startedAt, entry.steps);
    const done = entry.steps.filter((result) => result.status === 'succeeded').length;
    if (entry.steps.length === steps.length && done === steps.length && entry.rollback.length === 0)
      return this.finish(run, 'succeeded', await this.successMessage(run, steps));
    const stoppedAt = Math.min(entry.steps.length, steps.length) - 1;
    const interrupted = entry.steps[stoppedAt];
    if (interrupted?.status === 'running') {
      run.results[stoppedAt] = {
        ...interrupted,
        status: 'failed',
        finishedAt: this.now().toISOString(),
        message: 'the agent stopped while this step was running',
      };
    }
    const step = stoppedAt < 0 ? undefined : steps[stoppedAt];
    const where =
      step === undefined
        ? 'before its first step'
        : `${interrupted?.status === 'running' ? 'during' : 'after'} step ${stoppedAt + 1} (${describeStep(step)})`;
    return this.rollBack(run, steps.slice(0, stoppedAt + 1), `the agent stopped ${where}`);
  }

  private async begin(job: RemediationJob, startedAt: string, results: StepResult[] = []): Promise<JobRun> {
    const { stateDir, backupsKept = DEFAULT_BACKUPS_KEPT } = this.options;
    const backupDir =
      results.length === 0
        ? await prepareJobBackups(stateDir, job.jobId, backupsKept)
        : jobBackupDir(stateDir, job.jobId);
    const run = new JobRun(job, startedAt, backupDir, [...results], this.journal, this.options, this.now);
    await run.save();
    return run;
  }

  private async rollBack(run: JobRun, ran: readonly PlaybookStep[], failure: string): Promise<JobReport> {
    const undo = rollbackOf(ran);
    const undoFailures: string[] = [];
    for (const [index, step] of undo.entries()) {
      const result = await run.step('rollback', index, step);
      if (result.status === 'failed')
        undoFailures.push(`undo step ${index + 1} (${describeStep(step)}) failed: ${result.message}`);
    }
    if (undoFailures.length > 0) {
      return this.finish(
        run,
        'rollback-failed',
        `${capitalize(failure)}. Putting the PC back failed: ${undoFailures.join('; ')}. The PC needs a person.`,
      );
    }
    const undone =
      undo.length === 0
        ? 'nothing had been changed'
        : `the ${undo.length} undo step${undo.length === 1 ? '' : 's'} put the PC back as it was`;
    return this.finish(run, 'rolled-back', `${capitalize(failure)}; ${undone}.`);
  }

  private async successMessage(run: JobRun, steps: readonly PlaybookStep[]): Promise<string> {
    const verified = run.results
      .filter((result) => result.kind.startsWith('verify.') && result.status === 'succeeded')
      .map((result) => result.message);
    return `All ${steps.length} steps of ${run.job.playbookId} succeeded${
      verified.length === 0 ? '' : `: ${verified.join('; ')}`
    }`;
  }

  private async finish(run: JobRun, outcome: JobOutcome, message: string): Promise<JobReport> {
    const restartPending = await this.restartPending();
    const report: JobReport = {
      jobId: run.job.jobId,
      outcome,
      steps: run.results,
      rollback: run.rollback,
      restartPending,
      message: boundMessage(
        outcome === 'succeeded' && restartPending ? `${message}; a restart is pending` : message,
      ),
      startedAt: run.startedAt,
      finishedAt: this.now().toISOString(),
    };
    this.logger.info({ jobId: report.jobId, outcome }, report.message);
    return report;
  }

  private async restartPending(): Promise<boolean> {
    try {
      return (await this.options.host.queryPendingReboot()).pending;
    } catch (error) {
      this.logger.warn(`could not read whether a restart is pending: ${describeError(error)}`);
      return false;
    }
  }
}

/** One job's progress: its results so far, the backups taken, and the journal kept in step with them. */
class JobRun {
  readonly rollback: StepResult[] = [];
  /** The last step was refused before it ran (its backup was missing): it changed nothing. */
  lastStepRefused = false;
  private readonly taken = new Map<string, TakenBackup>();

  constructor(
    readonly job: RemediationJob,
    readonly startedAt: string,
    private readonly backupDir: string,
    readonly results: StepResult[],
    private readonly journal: JobJournal,
    private readonly options: JobExecutorOptions,
    private readonly now: () => Date,
  ) {
    // Backups taken before an interruption count: the undo restores from them.
    const steps = job.steps as unknown as PlaybookStep[];
    for (const result of results) {
      const step = steps[result.index];
      const backup = step && result.status !== 'failed' ? backupTakenBy(step) : null;
      if (backup) this.taken.set(...backup);
    }
  }

  async step(phase: StepPhase, index: number, step: PlaybookStep, signal?: AbortSignal): Promise<StepResult> {
    const into = phase === 'run' ? this.results : this.rollback;
    const startedAt = this.now().toISOString();
    const started = stepResult({
      phase,
      index,
      kind: step.kind,
      status: 'running',
      startedAt,
      finishedAt: null,
      message: describeStep(step),
    });
    into[index] = started;
    await this.progress(started);
    this.lastStepRefused = false;
    let outcome: StepOutcome;
    try {
      outcome = await this.perform(step, signal);
    } catch (error) {
      outcome = failed(describeError(error));
    }
    // Stopped meanwhile: the step stays `running` in the journal, and the next start undoes it too.
    if (signal?.aborted) return started;
    const ended = stepResult({
      ...started,
      status: outcome.ok ? 'succeeded' : 'failed',
      finishedAt: this.now().toISOString(),
      message: outcome.message,
      output: outcome.output,
    });
    into[index] = ended;
    const backup = outcome.ok ? backupTakenBy(step) : null;
    if (backup) this.taken.set(...backup);
    await this.progress(ended);
    return ended;
  }

  async save(): Promise<void> {
    await this.journal.write({
      job: this.job,
      startedAt: this.startedAt,
      steps: this.results,
      rollback: this.rollback,
    });
  }

  private async progress(result: StepResult): Promise<void> {
    await this.save();
    this.options.onProgress?.(this.job.jobId, result);
  }

  private async perform(step: PlaybookStep, signal?: AbortSignal): Promise<StepOutcome> {
    const { host, steps, verify = DEFAULT_VERIFY_TIMING } = this.options;
    if (step.kind === 'wait') return waitStep(step.ms, signal);
    if (step.kind === 'verify.service') return verifyService(host, step, verify, signal);
    if (step.kind === 'verify.update') return verifyUpdate(host, step, verify, signal);
    const missing = missingBackup(step, this.taken);
    this.lastStepRefused = missing !== null;
    if (missing !== null) return failed(missing);
    return steps.runStep(step, { jobId: this.job.jobId, backupDir: this.backupDir });
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
