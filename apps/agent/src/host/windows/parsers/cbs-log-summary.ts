/**
 * A CBS.log of any size summarized in bounded memory: failure lines go in one at a time (from
 * `CbsLogReader`), bursts are grouped as `summarizeCbsFailures` groups them, and only the first
 * `maxRecords` failed installs, each with its first `maxLinesPerRecord` lines, are kept; everything else is
 * counted. What was left out is said in a warning.
 */
import { summarizeCbsFailures, type CbsFailureLine, MAX_GAP_LINES } from './cbs-log';
import type { UpdateRecord } from './types';

export interface CbsSummaryLimits {
  maxRecords: number;
  maxLinesPerRecord: number;
}

export const DEFAULT_CBS_SUMMARY_LIMITS: CbsSummaryLimits = { maxRecords: 200, maxLinesPerRecord: 50 };

export class CbsLogSummary {
  private readonly records: UpdateRecord[] = [];
  private group: CbsFailureLine[] = [];
  /** The last line of the current burst, kept even when the burst's lines are no longer stored. */
  private lastOfGroup: CbsFailureLine | null = null;
  private failureLines = 0;
  private bursts = 0;
  private linesLeftOut = 0;

  constructor(private readonly limits: CbsSummaryLimits = DEFAULT_CBS_SUMMARY_LIMITS) {}

  add(failure: CbsFailureLine): void {
    this.failureLines += 1;
    const last = this.lastOfGroup;
    const sameBurst =
      last !== null && last.code === failure.code && failure.line - last.line <= MAX_GAP_LINES;
    if (!sameBurst) this.closeGroup();
    this.lastOfGroup = failure;
    if (!sameBurst) this.bursts += 1;
    if (this.bursts <= this.limits.maxRecords && this.group.length < this.limits.maxLinesPerRecord) {
      this.group.push(failure);
    } else {
      this.linesLeftOut += 1;
    }
  }

  /** The failed installs kept, and a warning for what was only counted. */
  finish(linesRead: number): { records: UpdateRecord[]; warnings: string[] } {
    this.closeGroup();
    const warnings: string[] = [];
    if (this.linesLeftOut > 0) {
      warnings.push(
        `${linesRead} lines read, ${this.failureLines} of them failure lines in ${this.bursts} failed ` +
          `operation(s); shown: the first ${Math.min(this.bursts, this.limits.maxRecords)} operations with at ` +
          `most ${this.limits.maxLinesPerRecord} lines each (${this.linesLeftOut} failure lines only counted)`,
      );
    }
    return { records: this.records, warnings };
  }

  private closeGroup(): void {
    if (this.group.length > 0) this.records.push(...summarizeCbsFailures(this.group));
    this.group = [];
  }
}
