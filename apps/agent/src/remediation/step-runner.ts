/**
 * The port through which the executor changes a PC: one method that runs one typed step. The Windows
 * implementation runs Microsoft's documented command for each kind; the simulated PC changes its in-memory
 * state. Waiting and verifying are not behind this port: the executor does them itself, over the Host port's
 * reads, the same way on both.
 */
import type { PlaybookStep } from '@fleetmedic/knowledge';

/** The steps the executor does itself: they change nothing. */
export type ExecutorStepKind = 'wait' | 'verify.service' | 'verify.update';

/** The steps that change a PC or back something up: what a StepRunner implements. */
export type ChangeStep = Exclude<PlaybookStep, { kind: ExecutorStepKind }>;

export interface StepContext {
  jobId: string;
  /** `<stateDir>/backups/<jobId>`, created before the first step: where this job's backups go. */
  backupDir: string;
}

export interface StepOutcome {
  ok: boolean;
  /** One sentence for people: what happened, or what failed and why, with the code when there is one. */
  message: string;
  /** What the command printed, verbatim, when it helps (the executor keeps the last lines). */
  output: string[];
}

export interface StepRunner {
  /** Runs one step. A rejection counts as the step failing with the error's message. */
  runStep(step: ChangeStep, context: StepContext): Promise<StepOutcome>;
}

export function succeeded(message: string, output: string[] = []): StepOutcome {
  return { ok: true, message, output };
}

export function failed(message: string, output: string[] = []): StepOutcome {
  return { ok: false, message, output };
}

/** What a step acts on, for messages: the service, key, path, database, KB or backup it names. */
export function stepTarget(step: PlaybookStep): string {
  switch (step.kind) {
    case 'service.stop':
    case 'service.start':
    case 'service.restart':
    case 'verify.service':
      return step.service;
    case 'registry.export':
    case 'registry.delete':
      return step.key;
    case 'registry.import':
      return `backup ${step.backup}`;
    case 'esentutl.check':
    case 'esentutl.repair':
      return step.database;
    case 'folder.backup':
    case 'folder.empty':
    case 'folder.restore':
      return step.path;
    case 'update.install':
    case 'verify.update':
      return step.kb;
    case 'wait':
      return `${step.ms} ms`;
  }
}

/** `service.start Spooler`: how messages name a step. */
export function describeStep(step: PlaybookStep): string {
  return `${step.kind} ${stepTarget(step)}`;
}
