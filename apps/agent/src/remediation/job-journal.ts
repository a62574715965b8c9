/**
 * The job running now, on disk (`running-job.json` in the state directory), rewritten as each step starts
 * and ends. When the agent stops in the middle of a job (a shutdown, a crash, a restart the update asked
 * for), the next start finds it here and puts the PC back, so that no job is left half done and unreported.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { StepResult } from '@fleetmedic/protocol';
import type { RemediationJob } from '@fleetmedic/protocol/remediation-job';
import { writeFileAtomically } from '../files/atomic-write';

export const RUNNING_JOB_FILE = 'running-job.json';

export interface JournalEntry {
  job: RemediationJob;
  startedAt: string;
  /** The job's steps as far as they ran; the last one may still be `running`. */
  steps: StepResult[];
  /** The undo steps as far as they ran, after a failure. */
  rollback: StepResult[];
}

export class JobJournal {
  readonly file: string;

  constructor(stateDir: string) {
    this.file = join(stateDir, RUNNING_JOB_FILE);
  }

  /** The interrupted job, or null. Throws on a file that cannot be read as one (it is kept for a person). */
  async read(): Promise<JournalEntry | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const entry: unknown = JSON.parse(text);
    if (!isJournalEntry(entry)) throw new Error(`${this.file} does not hold a job as the agent writes it`);
    return entry;
  }

  async write(entry: JournalEntry): Promise<void> {
    await writeFileAtomically(this.file, JSON.stringify(entry));
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true });
  }
}

function isJournalEntry(value: unknown): value is JournalEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  const job = entry.job as Record<string, unknown> | undefined;
  return (
    typeof job === 'object' &&
    job !== null &&
    typeof job.jobId === 'string' &&
    Array.isArray(job.steps) &&
    typeof entry.startedAt === 'string' &&
    Array.isArray(entry.steps) &&
    Array.isArray(entry.rollback)
  );
}
