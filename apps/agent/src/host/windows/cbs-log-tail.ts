/**
 * Following CBS.log: each probe reads what was appended since the last one, from the byte where it
 * stopped (kept in the state directory), so a log of hundreds of megabytes is read once. When the file is
 * smaller than that position or is a different file (Windows rotated it into CbsPersist_*.log), reading
 * starts over. The first read of a PC looks at the last part only.
 */
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../../files/atomic-write';
import { CbsLogReader, type UpdateRecord, summarizeCbsFailures } from './parsers';

/** How far back the first read reaches, and the most one probe reads. */
export const CBS_FIRST_READ_BYTES = 8 * 1024 * 1024;
export const CBS_MAX_READ_BYTES = 16 * 1024 * 1024;

export interface CbsTailState {
  path: string;
  /** Creation time of the file when it was last read: a new file means rotation. */
  createdMs: number;
  bytesConsumed: number;
  linesConsumed: number;
}

export function defaultCbsLogPath(env: NodeJS.ProcessEnv = process.env): string {
  return `${env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows'}\\Logs\\CBS\\CBS.log`;
}

function isTailState(value: unknown): value is CbsTailState {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.path === 'string' &&
    typeof record.createdMs === 'number' &&
    Number.isInteger(record.bytesConsumed) &&
    Number.isInteger(record.linesConsumed)
  );
}

export class CbsLogTail {
  private readonly stateFile: string;

  constructor(
    private readonly logPath: string,
    stateDir: string,
  ) {
    this.stateFile = join(stateDir, 'cbs-log.json');
  }

  /** Update failures the log recorded since the last read (one record per KB or package failure group). */
  async readNewFailures(): Promise<UpdateRecord[]> {
    const info = await stat(this.logPath);
    const saved = await this.loadState();
    const createdMs = Math.round(info.birthtimeMs);
    const continuing =
      saved !== null &&
      saved.path === this.logPath &&
      saved.createdMs === createdMs &&
      saved.bytesConsumed <= info.size;
    let start = continuing ? saved.bytesConsumed : Math.max(0, info.size - CBS_FIRST_READ_BYTES);
    const length = Math.min(info.size - start, CBS_MAX_READ_BYTES);
    let bytes = await readRange(this.logPath, start, length);
    if (!continuing && start > 0) {
      // Started mid-file: drop the partial first line.
      const skipped = bytes.indexOf(0x0a) + 1 || bytes.length;
      bytes = bytes.subarray(skipped);
      start += skipped;
    }
    const reader = new CbsLogReader({
      bytesConsumed: start,
      linesConsumed: continuing ? saved.linesConsumed : 0,
    });
    const failures = reader.push(bytes);
    await writeFileAtomically(
      this.stateFile,
      JSON.stringify({ path: this.logPath, createdMs, ...reader.state } satisfies CbsTailState),
    );
    return summarizeCbsFailures(failures);
  }

  private async loadState(): Promise<CbsTailState | null> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.stateFile, 'utf8'));
      return isTailState(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }
}

async function readRange(path: string, start: number, length: number): Promise<Buffer> {
  if (length <= 0) return Buffer.alloc(0);
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, start);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}
