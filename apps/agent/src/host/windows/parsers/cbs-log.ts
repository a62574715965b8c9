/**
 * CBS.log (and dism.log, which shares its line layout) to servicing failures. A failure line is any line
 * carrying a failure HRESULT: `[HRESULT = 0x8e5e03fa - JET_errReadVerifyFailure]` (CBS), `hr: 0x800f0831`,
 * `(hr:0x80070002)` / `(CBS HRESULT=0x80070002)` (DISM). The level word is ignored: most CBS failures are
 * logged at `Info`. Consecutive failure lines with the same code form one failure, whose KB and package
 * come from the package identities (`Package_177_for_KB5005030~31bf3856ad364e35~amd64~~10.0.1.3`) named in
 * any of its lines.
 *
 * CBS.log grows to hundreds of MB, so it is read incrementally: `CbsLogReader` takes appended chunks,
 * keeps a partial last line until its end arrives, and reports the bytes and lines it consumed. The caller
 * (the Windows host) stores that state; a file now shorter than `bytesConsumed` has been rotated
 * (CbsPersist_*.log) and is read again from 0. `explain` reads a large log line by line
 * (`CbsLogLineReader`), each failure handed on as its burst ends.
 */
import { codeRef, findKb, findPackages, isFailureCode } from './codes';
import { splitLines } from './lines';
import type {
  CodeRef,
  CountedUpdate,
  EvidenceLine,
  ParseResult,
  UpdateLogLineReader,
  UpdateRecord,
} from './types';

export interface CbsFailureLine extends CodeRef {
  line: number;
  text: string;
  /** `2021-11-22 08:50:03`, as printed. */
  timestamp: string | null;
  /** `Info` / `Error` / `Warning`, as printed; informative only. */
  level: string | null;
  /** `CBS`, `CSI`, `DISM`. */
  component: string | null;
  packages: string[];
  kb: string | null;
}

export interface CbsReaderState {
  /** Bytes of complete lines consumed so far, counted from the start of the file. */
  bytesConsumed: number;
  /** Complete lines consumed so far; the next line has number `linesConsumed + 1`. */
  linesConsumed: number;
}

export interface CbsLogResult extends ParseResult<UpdateRecord> {
  failures: CbsFailureLine[];
  state: CbsReaderState;
}

const HEAD = /(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}),\s+(\S+)\s+(\S+)\s/;
const BRACKET = /\[HRESULT\s*=\s*(0x[0-9a-fA-F]{8})(?:\s*-\s*([A-Za-z_]\w*))?\s*\]/g;
const OTHER_HR = /\b(?:hr|HRESULT|status)\s*[:=]\s*(0x[0-9a-fA-F]{8})\b/g;

/**
 * A cheap test before the patterns: a failure line names its code after `HRESULT`, `hr` or `status`, in
 * hex. Most CBS.log lines pass neither test, and a 200 MB log has millions of them.
 */
function mayCarryFailure(text: string): boolean {
  return text.includes('0x') && (text.includes('HRESULT') || text.includes('hr') || text.includes('status'));
}

/** The first match of a global pattern whose code is a failure code. */
function firstFailureMatch(pattern: RegExp, text: string): RegExpExecArray | null {
  // exec with lastIndex rather than matchAll, which copies the pattern on every call (millions of lines).
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    if (match[1] !== undefined && isFailureCode(match[1])) {
      pattern.lastIndex = 0;
      return match;
    }
  }
  return null;
}

/** Read one line; null when it carries no failure code. */
export function parseCbsLine(text: string, line: number): CbsFailureLine | null {
  let found: { shown: string; symbol: string | null } | null = null;
  const bracket = firstFailureMatch(BRACKET, text);
  if (bracket?.[1] !== undefined) {
    found = { shown: bracket[1], symbol: bracket[2] ?? null };
  } else {
    const other = firstFailureMatch(OTHER_HR, text);
    if (other?.[1] !== undefined) found = { shown: other[1], symbol: null };
  }
  if (found === null) return null;
  const ref = codeRef(found.shown, found.shown, 'hresult', found.symbol);
  if (ref === null) return null;
  const head = HEAD.exec(text);
  const packages = findPackages(text);
  return {
    // Spelled out: spreading `ref` made this the slowest step of reading a large CBS.log.
    code: ref.code,
    codeOriginal: ref.codeOriginal,
    symbol: ref.symbol,
    line,
    text,
    timestamp: head?.[1] ?? null,
    level: head?.[2] ?? null,
    component: head?.[3] ?? null,
    packages,
    kb: packages.map(findKb).find((kb) => kb !== null) ?? findKb(text),
  };
}

/** A failure line, or null: the cheap test first, then the patterns. */
export function readCbsFailure(text: string, line: number): CbsFailureLine | null {
  return mayCarryFailure(text) ? parseCbsLine(text, line) : null;
}

/** Failure lines further apart than this many lines start a new failure even with the same code. */
export const MAX_GAP_LINES = 20;

/** One burst of failure lines with the same code, summed up as its lines arrive. */
class CbsBurst {
  private readonly first: CbsFailureLine;
  private last: CbsFailureLine;
  private symbol: string | null = null;
  private firstPackage: string | null = null;
  private packageWithKb: string | null = null;
  private lineKb: string | null = null;
  private readonly evidence: EvidenceLine[] = [];
  private lines = 0;

  constructor(
    failure: CbsFailureLine,
    private readonly maxEvidenceLines: number,
  ) {
    this.first = failure;
    this.last = failure;
    this.add(failure);
  }

  continuedBy(failure: CbsFailureLine): boolean {
    return this.last.code === failure.code && failure.line - this.last.line <= MAX_GAP_LINES;
  }

  add(failure: CbsFailureLine): void {
    this.last = failure;
    this.lines += 1;
    if (this.evidence.length < this.maxEvidenceLines)
      this.evidence.push({ line: failure.line, text: failure.text });
    this.symbol ??= failure.symbol;
    this.lineKb ??= failure.kb;
    for (const identity of failure.packages) {
      this.firstPackage ??= identity;
      if (this.packageWithKb === null && findKb(identity) !== null) this.packageWithKb = identity;
    }
  }

  finish(): CountedUpdate {
    const { first } = this;
    return {
      record: {
        kb: (this.packageWithKb === null ? null : findKb(this.packageWithKb)) ?? this.lineKb,
        package: this.packageWithKb ?? this.firstPackage,
        result: 'failed',
        failure: { code: first.code, codeOriginal: first.codeOriginal, symbol: this.symbol },
        title: null,
        at: first.timestamp,
        evidence: this.evidence,
      },
      lines: this.lines,
    };
  }
}

/**
 * Failure lines in, one UpdateRecord per burst of the same code out (each as the next burst starts, the
 * last at `end`); a burst keeps at most `maxEvidenceLines` of its lines as evidence and counts them all.
 */
export class CbsFailureGrouper {
  private burst: CbsBurst | null = null;

  constructor(private readonly maxEvidenceLines = Number.POSITIVE_INFINITY) {}

  /** Adds a failure line; answers the burst it ends, if any. */
  add(failure: CbsFailureLine): CountedUpdate | null {
    if (this.burst?.continuedBy(failure)) {
      this.burst.add(failure);
      return null;
    }
    const ended = this.end();
    this.burst = new CbsBurst(failure, this.maxEvidenceLines);
    return ended;
  }

  end(): CountedUpdate | null {
    const ended = this.burst?.finish() ?? null;
    this.burst = null;
    return ended;
  }
}

/** Group failure lines into one UpdateRecord per burst of the same code. */
export function summarizeCbsFailures(failures: readonly CbsFailureLine[]): UpdateRecord[] {
  const grouper = new CbsFailureGrouper();
  const records: UpdateRecord[] = [];
  for (const failure of failures) {
    const ended = grouper.add(failure);
    if (ended !== null) records.push(ended.record);
  }
  const last = grouper.end();
  if (last !== null) records.push(last.record);
  return records;
}

const NOT_A_CBS_LOG =
  'no CBS.log line (`YYYY-MM-DD hh:mm:ss, Level Component …`) found: this is not a CBS.log';

/**
 * A CBS.log (or dism.log) read one line at a time, for a file too large to hold: each failed operation is
 * handed to `onUpdate` when its burst ends, with at most `maxEvidenceLines` of its lines.
 */
export class CbsLogLineReader implements UpdateLogLineReader {
  private readonly grouper: CbsFailureGrouper;
  private failures = 0;
  private sawLayout = false;

  constructor(
    private readonly onUpdate: (update: CountedUpdate) => void,
    maxEvidenceLines = Number.POSITIVE_INFINITY,
  ) {
    this.grouper = new CbsFailureGrouper(maxEvidenceLines);
  }

  line(text: string, line: number): void {
    if (!this.sawLayout) this.sawLayout = HEAD.test(text);
    const failure = readCbsFailure(text, line);
    if (failure === null) return;
    this.failures += 1;
    const ended = this.grouper.add(failure);
    if (ended !== null) this.onUpdate(ended);
  }

  end(): string[] {
    const last = this.grouper.end();
    if (last !== null) this.onUpdate(last);
    return this.failures === 0 && !this.sawLayout ? [NOT_A_CBS_LOG] : [];
  }
}

const NEWLINE = 0x0a;

/**
 * Incremental CBS.log reader: push appended bytes (or text), get the failure lines of the complete lines
 * they finish. Multi-byte characters split between chunks are never decoded in halves.
 */
export class CbsLogReader {
  private pending: Uint8Array = new Uint8Array(0);
  private bytesConsumed: number;
  private linesConsumed: number;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });
  private readonly encoder = new TextEncoder();

  constructor(start: Partial<CbsReaderState> = {}) {
    this.bytesConsumed = start.bytesConsumed ?? 0;
    this.linesConsumed = start.linesConsumed ?? 0;
  }

  get state(): CbsReaderState {
    return { bytesConsumed: this.bytesConsumed, linesConsumed: this.linesConsumed };
  }

  push(chunk: Uint8Array | string): CbsFailureLine[] {
    const bytes = typeof chunk === 'string' ? this.encoder.encode(chunk) : chunk;
    let data = bytes;
    if (this.pending.length > 0) {
      data = new Uint8Array(this.pending.length + bytes.length);
      data.set(this.pending, 0);
      data.set(bytes, this.pending.length);
    }
    const lastNewline = data.lastIndexOf(NEWLINE);
    if (lastNewline < 0) {
      this.pending = data === bytes ? data.slice() : data;
      return [];
    }
    this.pending = data.slice(lastNewline + 1);
    return this.consume(data.subarray(0, lastNewline + 1));
  }

  /** End of input: the last line, even without a line end. */
  end(): CbsFailureLine[] {
    if (this.pending.length === 0) return [];
    const rest = this.pending;
    this.pending = new Uint8Array(0);
    return this.consume(rest);
  }

  private consume(bytes: Uint8Array): CbsFailureLine[] {
    const lines = splitLines(this.decoder.decode(bytes), this.linesConsumed + 1);
    this.bytesConsumed += bytes.length;
    this.linesConsumed += lines.length;
    const failures: CbsFailureLine[] = [];
    for (const line of lines) {
      const failure = readCbsFailure(line.text, line.line);
      if (failure !== null) failures.push(failure);
    }
    return failures;
  }
}

/** Parse a whole CBS.log (or the part of it from `start`, e.g. what was appended since the last read). */
export function parseCbsLog(text: string, start: Partial<CbsReaderState> = {}): CbsLogResult {
  const reader = new CbsLogReader(start);
  const failures = [...reader.push(text), ...reader.end()];
  const warnings: string[] = [];
  if (failures.length === 0 && !HEAD.test(text)) warnings.push(NOT_A_CBS_LOG);
  return { records: summarizeCbsFailures(failures), failures, warnings, state: reader.state };
}
