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
 * (CbsPersist_*.log) and is read again from 0.
 */
import { codeRef, findKb, findPackages, isFailureCode } from './codes';
import { splitLines } from './lines';
import type { CodeRef, EvidenceLine, ParseResult, UpdateRecord } from './types';

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

/** Read one line; null when it carries no failure code. */
export function parseCbsLine(text: string, line: number): CbsFailureLine | null {
  let found: { shown: string; symbol: string | null } | null = null;
  for (const match of text.matchAll(BRACKET)) {
    if (match[1] !== undefined && isFailureCode(match[1])) {
      found = { shown: match[1], symbol: match[2] ?? null };
      break;
    }
  }
  if (found === null) {
    for (const match of text.matchAll(OTHER_HR)) {
      if (match[1] !== undefined && isFailureCode(match[1])) {
        found = { shown: match[1], symbol: null };
        break;
      }
    }
  }
  if (found === null) return null;
  const ref = codeRef(found.shown, found.shown, 'hresult', found.symbol);
  if (ref === null) return null;
  const head = HEAD.exec(text);
  const packages = findPackages(text);
  return {
    ...ref,
    line,
    text,
    timestamp: head?.[1] ?? null,
    level: head?.[2] ?? null,
    component: head?.[3] ?? null,
    packages,
    kb: packages.map(findKb).find((kb) => kb !== null) ?? findKb(text),
  };
}

/** Failure lines further apart than this many lines start a new failure even with the same code. */
export const MAX_GAP_LINES = 20;

/** Group failure lines into one UpdateRecord per burst of the same code. */
export function summarizeCbsFailures(failures: readonly CbsFailureLine[]): UpdateRecord[] {
  const groups: CbsFailureLine[][] = [];
  for (const failure of failures) {
    const group = groups[groups.length - 1];
    const last = group?.[group.length - 1];
    if (
      group !== undefined &&
      last !== undefined &&
      last.code === failure.code &&
      failure.line - last.line <= MAX_GAP_LINES
    ) {
      group.push(failure);
    } else {
      groups.push([failure]);
    }
  }
  return groups.map((group) => {
    const packages = group.flatMap((failure) => failure.packages);
    const packageWithKb = packages.find((identity) => findKb(identity) !== null);
    const first = group[0];
    const symbol = group.find((failure) => failure.symbol !== null)?.symbol ?? null;
    const evidence: EvidenceLine[] = group.map((failure) => ({ line: failure.line, text: failure.text }));
    return {
      kb:
        (packageWithKb === undefined ? null : findKb(packageWithKb)) ??
        group.find((failure) => failure.kb !== null)?.kb ??
        null,
      package: packageWithKb ?? packages[0] ?? null,
      result: 'failed',
      failure: first === undefined ? null : { code: first.code, codeOriginal: first.codeOriginal, symbol },
      title: null,
      at: first?.timestamp ?? null,
      evidence,
    };
  });
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
      if (!mayCarryFailure(line.text)) continue;
      const failure = parseCbsLine(line.text, line.line);
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
  if (failures.length === 0 && !HEAD.test(text)) {
    warnings.push('no CBS.log line (`YYYY-MM-DD hh:mm:ss, Level Component …`) found: this is not a CBS.log');
  }
  return { records: summarizeCbsFailures(failures), failures, warnings, state: reader.state };
}
