/**
 * Update results from three sources: the Windows Update client's events (19 installed, 20 failed with its
 * HRESULT, 43 started), CBS.log (the failing package, the symbol and the lines that show it: case B) and
 * the installed updates (Win32_QuickFixEngineering). An update that is installed now is installed,
 * whatever failed before.
 */
import type { PatchResult } from '../host';
import { windowsUpdateEventsQuery } from './commands/events';
import { quickFixEngineeringQuery } from './commands/facts';
import { type CommandRunner, type RunContext, runChecked } from './exec/run-command';
import { type UpdateRecord, parseEventXml, parseQuickFixEngineering } from './parsers';

/** Installed updates change rarely and the query is slow: it is read at most this often. */
export const INSTALLED_UPDATES_TTL_MS = 10 * 60 * 1000;

export class InstalledUpdates {
  private cached: { at: number; kbs: Set<string> } | null = null;

  constructor(
    private readonly runner: CommandRunner,
    private readonly ttlMs = INSTALLED_UPDATES_TTL_MS,
  ) {}

  async read(context: RunContext, now = Date.now()): Promise<Set<string>> {
    if (this.cached && now - this.cached.at < this.ttlMs) return this.cached.kbs;
    const result = await runChecked(this.runner, quickFixEngineeringQuery(), context);
    const kbs = new Set(
      parseQuickFixEngineering(result.stdout)
        .records.map((record) => record.kb?.toUpperCase())
        .filter((kb): kb is string => kb !== undefined),
    );
    this.cached = { at: now, kbs };
    return kbs;
  }

  /** A new install seen in the events: the cached list is stale. */
  invalidate(): void {
    this.cached = null;
  }
}

export async function readUpdateEvents(runner: CommandRunner, context: RunContext): Promise<UpdateRecord[]> {
  const result = await runChecked(runner, windowsUpdateEventsQuery(), context);
  return parseEventXml(result.stdout).updates;
}

function statusOf(record: UpdateRecord): PatchResult['status'] {
  if (record.result === 'failed') return 'failed';
  if (record.result === 'installed' || record.result === 'succeeded') return 'installed';
  return 'pending';
}

/**
 * The latest result per KB. `events` come newest first (the query reads in reverse); a CBS failure for a
 * KB adds its package, symbol and lines to the failure the events report, or stands alone (an install
 * through wusa or DISM leaves no Windows Update event).
 */
export function mergeUpdateResults(
  events: readonly UpdateRecord[],
  cbsFailures: readonly UpdateRecord[],
  installed: ReadonlySet<string>,
): PatchResult[] {
  const latest = new Map<string, PatchResult>();
  for (const event of events) {
    const kb = event.kb?.toUpperCase();
    if (kb === undefined || latest.has(kb)) continue;
    latest.set(kb, {
      kb,
      title: event.title ?? kb,
      status: statusOf(event),
      code: event.failure?.code ?? null,
      codeOriginal:
        event.failure && event.failure.codeOriginal !== event.failure.code
          ? event.failure.codeOriginal
          : null,
      package: event.package,
      evidence: event.evidence.map((line) => line.text.trim()),
      at: event.at,
    });
  }
  for (const failure of cbsFailures) {
    const kb = failure.kb?.toUpperCase();
    if (kb === undefined || failure.failure === null) continue;
    const known = latest.get(kb);
    if (known !== undefined && known.status === 'installed') continue;
    latest.set(kb, {
      kb,
      title: known?.title ?? kb,
      status: 'failed',
      code: known?.code ?? failure.failure.code,
      codeOriginal: known?.codeOriginal ?? null,
      package: failure.package ?? known?.package ?? null,
      evidence: [...failure.evidence.map((line) => line.text.trim()), ...(known?.evidence ?? [])],
      at: known?.at ?? failure.at,
    });
  }
  for (const [kb, result] of latest) {
    if (installed.has(kb) && result.status !== 'installed') {
      latest.set(kb, { ...result, status: 'installed', code: null, codeOriginal: null });
    }
  }
  return [...latest.values()];
}
