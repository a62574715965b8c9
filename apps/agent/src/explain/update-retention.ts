/**
 * What `explain` keeps of a streamed log, in memory bounded whatever the log's size: of the updates with
 * one result, code and KB, the first few and the latest (the latest attempt is what a support engineer
 * asks about first); of every code, how many failures and failure lines the whole log had. A log with many
 * different failures keeps them all up to `maxKeys` kinds or `maxKeptChars` of evidence; past that, they
 * are only counted, and `warnings` says so.
 */
import type { CountedUpdate, UpdateRecord } from '../host/windows/parsers';
import type { CodeOccurrences } from './explain-report';

export interface RetentionLimits {
  /** Updates kept first of each result, code and KB; the latest one is kept besides. */
  firstPerKey: number;
  /** Distinct (result, code, KB) kept, and distinct codes counted. */
  maxKeys: number;
  /** Evidence lines kept of one update (a CBS burst, a wrapped WindowsUpdate.log entry). */
  maxEvidenceLines: number;
  /** Characters kept of one line. */
  maxLineChars: number;
  /** Characters of evidence kept in all. */
  maxKeptChars: number;
}

export const DEFAULT_RETENTION_LIMITS: RetentionLimits = {
  firstPerKey: 3,
  maxKeys: 500,
  maxEvidenceLines: 50,
  maxLineChars: 16 * 1024,
  maxKeptChars: 8 * 1024 * 1024,
};

interface Kept {
  sequence: number;
  record: UpdateRecord;
  chars: number;
}

interface KeyState {
  first: Kept[];
  latest: Kept | null;
}

function evidenceChars(record: UpdateRecord): number {
  return record.evidence.reduce((sum, line) => sum + line.text.length, 0);
}

export class UpdateRetention {
  private readonly keys = new Map<string, KeyState>();
  private readonly codes = new Map<string, CodeOccurrences>();
  private sequence = 0;
  private keptChars = 0;
  private updatesLeftOut = 0;
  private failuresOfUncountedCodes = 0;

  constructor(private readonly limits: RetentionLimits = DEFAULT_RETENTION_LIMITS) {}

  add({ record, lines }: CountedUpdate): void {
    this.sequence += 1;
    const code = record.failure?.code ?? null;
    const occurrences = code === null ? null : this.countCode(code, lines);
    if (occurrences !== null && record.evidence.length < lines) occurrences.truncated = true;
    const key = `${record.result}\u0000${code ?? ''}\u0000${record.kb ?? ''}`;
    let state = this.keys.get(key);
    if (state === undefined && this.keys.size < this.limits.maxKeys) {
      state = { first: [], latest: null };
      this.keys.set(key, state);
    }
    if (state === undefined) {
      this.leaveOut(occurrences);
      return;
    }
    const kept: Kept = { sequence: this.sequence, record, chars: evidenceChars(record) };
    const isFirst = state.first.length < this.limits.firstPerKey;
    const replaced = isFirst ? 0 : (state.latest?.chars ?? 0);
    if (this.keptChars - replaced + kept.chars > this.limits.maxKeptChars) {
      this.leaveOut(occurrences);
      return;
    }
    this.keptChars += kept.chars - replaced;
    if (isFirst) {
      state.first.push(kept);
      return;
    }
    if (state.latest !== null) this.leaveOut(occurrences);
    state.latest = kept;
  }

  /** The updates kept, in the order of the log. */
  records(): UpdateRecord[] {
    const kept = [...this.keys.values()].flatMap((state) =>
      state.latest === null ? state.first : [...state.first, state.latest],
    );
    return kept.sort((a, b) => a.sequence - b.sequence).map((entry) => entry.record);
  }

  /** Everything the log had with this code, kept or not; undefined for a code it never showed. */
  occurrences(code: string): CodeOccurrences | undefined {
    const counted = this.codes.get(code);
    return counted === undefined ? undefined : { ...counted };
  }

  /** What was left out, for the report's warnings (none when everything was kept). */
  warnings(linesRead: number): string[] {
    if (this.updatesLeftOut === 0 && ![...this.codes.values()].some((code) => code.truncated)) return [];
    const { firstPerKey, maxEvidenceLines } = this.limits;
    const warnings = [
      `streamed ${linesRead} lines, ${this.sequence} update results; kept of each result, code and KB the ` +
        `first ${firstPerKey} and the latest with at most ${maxEvidenceLines} lines each ` +
        `(${this.updatesLeftOut} only counted): errors[].occurrences counts them all`,
    ];
    if (this.failuresOfUncountedCodes > 0) {
      warnings.push(
        `${this.failuresOfUncountedCodes} failures had codes beyond the first ${this.limits.maxKeys} distinct ` +
          'codes and are not counted per code',
      );
    }
    return warnings;
  }

  private countCode(code: string, lines: number): CodeOccurrences | null {
    let counted = this.codes.get(code);
    if (counted === undefined) {
      if (this.codes.size >= this.limits.maxKeys) {
        this.failuresOfUncountedCodes += 1;
        return null;
      }
      counted = { failures: 0, lines: 0, truncated: false };
      this.codes.set(code, counted);
    }
    counted.failures += 1;
    counted.lines += lines;
    return counted;
  }

  private leaveOut(occurrences: CodeOccurrences | null): void {
    this.updatesLeftOut += 1;
    if (occurrences !== null) occurrences.truncated = true;
  }
}
