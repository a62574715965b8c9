/**
 * The jobs this agent has accepted, kept on disk until they expire, so that a job sent again (by mistake
 * or by someone replaying a captured message) is refused even after the agent restarts.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../files/atomic-write';

export const SEEN_JOBS_FILE = 'seen-jobs.json';

export class SeenJobs {
  private constructor(
    private readonly file: string,
    /** jobId → the job's expiry (ms); past it the job is refused as expired anyway. */
    private readonly seen: Map<string, number>,
  ) {}

  static async open(stateDir: string): Promise<SeenJobs> {
    const file = join(stateDir, SEEN_JOBS_FILE);
    let entries: [string, number][] = [];
    try {
      const stored: unknown = JSON.parse(await readFile(file, 'utf8'));
      if (stored && typeof stored === 'object')
        entries = Object.entries(stored as Record<string, unknown>).filter(
          (entry): entry is [string, number] => typeof entry[1] === 'number',
        );
    } catch (error) {
      // No file yet is normal; an unreadable one must not let replays through, so it is not ignored.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    return new SeenJobs(file, new Map(entries));
  }

  has(jobId: string): boolean {
    return this.seen.has(jobId);
  }

  /**
   * Remembers a job (durably, before it runs) and forgets those expired before `now`. When the file cannot be
   * written the job is not remembered at all: the job is not run, and sent again it must not pass for one
   * that was accepted (the server would then wait for a report that never comes).
   */
  async remember(jobId: string, expiresAt: number, now: number): Promise<void> {
    for (const [id, expiry] of this.seen) if (expiry < now) this.seen.delete(id);
    this.seen.set(jobId, expiresAt);
    try {
      await writeFileAtomically(this.file, JSON.stringify(Object.fromEntries(this.seen)));
    } catch (error) {
      this.seen.delete(jobId);
      throw error;
    }
  }
}
