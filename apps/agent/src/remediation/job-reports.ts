/**
 * Job reports waiting for the server's ack, one file each (`job-reports/<jobId>.json` in the state
 * directory), written atomically before the first send and deleted once the server acks: an outcome survives
 * a lost connection, a server restart and an agent restart. A report the server calls invalid is moved to
 * `job-reports/rejected/` with the server's answer, for a person, and never sent again.
 */
import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { JobReport, ProtocolError } from '@fleetmedic/protocol';
import { writeFileAtomically } from '../files/atomic-write';

export const JOB_REPORTS_DIR = 'job-reports';
const REJECTED_DIR = 'rejected';

export class JobReports {
  private constructor(private readonly dir: string) {}

  static async open(stateDir: string): Promise<JobReports> {
    const dir = join(stateDir, JOB_REPORTS_DIR);
    await mkdir(join(dir, REJECTED_DIR), { recursive: true });
    return new JobReports(dir);
  }

  async save(report: JobReport): Promise<void> {
    await writeFileAtomically(this.fileOf(report.jobId), JSON.stringify(report));
  }

  async has(jobId: string): Promise<boolean> {
    return readFile(this.fileOf(jobId)).then(
      () => true,
      () => false,
    );
  }

  /** The reports still to deliver, oldest first. A file that cannot be read is left for a person. */
  async pending(): Promise<JobReport[]> {
    const reports: JobReport[] = [];
    for (const name of await readdir(this.dir)) {
      if (!name.endsWith('.json')) continue;
      try {
        reports.push(JSON.parse(await readFile(join(this.dir, name), 'utf8')) as JobReport);
      } catch {
        continue;
      }
    }
    return reports.sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
  }

  /** The server has it. */
  async remove(jobId: string): Promise<void> {
    await rm(this.fileOf(jobId), { force: true });
  }

  /** The server will never take it: kept aside with its answer, out of the delivery queue. */
  async setAside(report: JobReport, error: ProtocolError): Promise<void> {
    const aside = join(this.dir, REJECTED_DIR, `${report.jobId}.json`);
    await writeFileAtomically(aside, JSON.stringify({ error, report }, null, 2));
    await rm(this.fileOf(report.jobId), { force: true });
  }

  /** Where a report the server rejected is kept. */
  rejectedFile(jobId: string): string {
    return join(this.dir, REJECTED_DIR, `${jobId}.json`);
  }

  private fileOf(jobId: string): string {
    return join(this.dir, `${jobId}.json`);
  }
}
