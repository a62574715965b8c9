/**
 * The update results this PC has reported, kept in the state directory: a KB that failed is reported until
 * it is installed — and once more as installed — even after the event that showed the failure has aged out
 * of the event log, so the server never keeps a failure that is gone, nor loses one that is not.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomically } from '../../files/atomic-write';
import { PATCH_STATUSES, type PatchResult } from '../host';

/** An installed update is forgotten this long after it was last reported (as installed). */
export const FORGET_INSTALLED_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

interface StoredResult {
  result: PatchResult;
  /** When this result was first seen with its current status (ms since epoch). */
  since: number;
}

function isPatchResult(value: unknown): value is PatchResult {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return (
    typeof record.kb === 'string' &&
    typeof record.title === 'string' &&
    (PATCH_STATUSES as readonly unknown[]).includes(record.status) &&
    (record.code === null || typeof record.code === 'string') &&
    Array.isArray(record.evidence)
  );
}

export class PatchHistory {
  private readonly file: string;
  private results = new Map<string, StoredResult>();
  private loaded = false;

  constructor(stateDir: string) {
    this.file = join(stateDir, 'patch-history.json');
  }

  /**
   * Records the latest results — and, for remembered KBs without news, whether they are installed now —
   * and returns every result worth reporting.
   */
  async update(
    latest: readonly PatchResult[],
    installed: ReadonlySet<string>,
    now = Date.now(),
  ): Promise<PatchResult[]> {
    await this.load();
    const fresh = new Set(latest.map((result) => result.kb));
    const resolved = [...this.results.values()]
      .filter(
        (stored) =>
          !fresh.has(stored.result.kb) &&
          stored.result.status !== 'installed' &&
          installed.has(stored.result.kb),
      )
      .map((stored): PatchResult => ({
        ...stored.result,
        status: 'installed',
        code: null,
        codeOriginal: null,
      }));
    for (const result of [...latest, ...resolved]) {
      const known = this.results.get(result.kb);
      const since = known !== undefined && known.result.status === result.status ? known.since : now;
      this.results.set(result.kb, { result, since });
    }
    for (const [kb, stored] of this.results) {
      if (stored.result.status === 'installed' && now - stored.since > FORGET_INSTALLED_AFTER_MS)
        this.results.delete(kb);
    }
    await writeFileAtomically(this.file, JSON.stringify([...this.results.values()]));
    return [...this.results.values()].map((stored) => stored.result).sort((a, b) => a.kb.localeCompare(b.kb));
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    try {
      const parsed: unknown = JSON.parse(await readFile(this.file, 'utf8'));
      if (!Array.isArray(parsed)) return;
      for (const entry of parsed as unknown[]) {
        const stored = entry as Partial<StoredResult>;
        if (isPatchResult(stored.result) && typeof stored.since === 'number') {
          this.results.set(stored.result.kb, { result: stored.result, since: stored.since });
        }
      }
    } catch {
      // No history yet, or an unreadable one: start afresh (the next probe reports what it sees).
    }
  }
}
