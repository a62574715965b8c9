/**
 * Where a job's backups live: `<stateDir>/backups/<jobId>/`, a registry export as `<backup>.reg`, a folder
 * copy as the folder `<backup>/`. They are kept after the job, so that a person can still put a PC back by
 * hand; the backups of the last few jobs are kept and older ones deleted when a new job starts.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const BACKUPS_DIR = 'backups';
/** Jobs whose backups are kept (the running one included). A SoftwareDistribution copy can be large. */
export const DEFAULT_BACKUPS_KEPT = 5;

export function jobBackupDir(stateDir: string, jobId: string): string {
  return join(stateDir, BACKUPS_DIR, jobId);
}

/** The file `registry.export` writes and `registry.import` reads. */
export function registryBackupFile(backupDir: string, backup: string): string {
  return join(backupDir, `${backup}.reg`);
}

/** The folder `folder.backup` copies into and `folder.restore` copies from. */
export function folderBackupDir(backupDir: string, backup: string): string {
  return join(backupDir, backup);
}

/**
 * Makes the job's backup directory, first deleting the backups of all but the `keep - 1` most recent other
 * jobs. Returns the directory.
 */
export async function prepareJobBackups(stateDir: string, jobId: string, keep: number): Promise<string> {
  const root = join(stateDir, BACKUPS_DIR);
  await mkdir(root, { recursive: true });
  const others: { name: string; modified: number }[] = [];
  for (const entry of await readdir(root, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === jobId) continue;
    const { mtimeMs } = await stat(join(root, entry.name));
    others.push({ name: entry.name, modified: mtimeMs });
  }
  others.sort((a, b) => b.modified - a.modified);
  for (const old of others.slice(Math.max(0, keep - 1))) {
    await rm(join(root, old.name), { recursive: true, force: true });
  }
  const dir = jobBackupDir(stateDir, jobId);
  await mkdir(dir, { recursive: true });
  return dir;
}
