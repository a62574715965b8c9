/**
 * WindowsUpdate.log in its two formats: the classic text log of Windows 7/8.1/Server 2012 R2
 * (`2023-02-06 11:45:33:713 1188 1418 Report REPORT EVENT: …`, tab separated) and the ETW-decoded log that
 * `Get-WindowsUpdateLog` writes on Windows 10+ (`2017/09/03 18:01:27.0604614 1380 10652 DownloadManager …`).
 * Failures are read from HRESULTs (`hr = 0x80200013`, `error 0x80070643`, or the classic report's bare
 * `80070643` field) and KBs from `KBnnnnnnn`, never from the English message words.
 *
 * Console copies hard-wrap lines at 80 columns (even inside `KB4014984`); a physical line that does not
 * start with a timestamp continues the previous one, and a previous line of exactly 80 characters is
 * joined without a space. Lines are read one at a time (`WindowsUpdateLogLineReader`), so that `explain`
 * can stream a large log through the same code.
 */
import { codeRef, findKb, isFailureCode } from './codes';
import { splitLines } from './lines';
import type {
  CodeRef,
  CountedUpdate,
  EvidenceLine,
  ParseResult,
  UpdateLogLineReader,
  UpdateRecord,
} from './types';

export interface WindowsUpdateLogEntry {
  line: number;
  format: 'classic' | 'etw';
  timestamp: string;
  component: string;
  /** The logical line (wrapped physical lines joined). */
  message: string;
  failure: CodeRef | null;
  kb: string | null;
  updateId: string | null;
  /** Classic REPORT EVENT result: the HRESULT field is 0 → succeeded. */
  reportSucceeded: boolean | null;
  title: string | null;
  evidence: EvidenceLine[];
}

export interface WindowsUpdateLogResult extends ParseResult<UpdateRecord> {
  entries: WindowsUpdateLogEntry[];
}

const CLASSIC = /^\s*(\d{4}-\d{2}-\d{2})\s+(\d{1,2}:\d{2}:\d{2}:\d{3})\s+\d+\s+[0-9a-f]+\s+(\S+)\s+(.*)$/i;
const ETW = /^\s*(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}\.\d+)\s+\d+\s+\d+\s+(\S+)\s+(.*)$/;
const STARTS_WITH_TIMESTAMP = /^\s*\d{4}[-/]\d{2}[-/]\d{2}\s/;
const CONSOLE_WIDTH = 80;
const HEX_CODE = /\b0x([0-9a-fA-F]{8})\b/g;
const REPORT_FIELDS = /\}\s+(\d{1,3})\s+([0-9a-fA-F]{8})\s/;
const GUID = '[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}';
const EXPLICIT_UPDATE_ID = new RegExp(`updateId\\s*=\\s*\\{?(${GUID}(?:\\.\\d+)?)`, 'i');
/** In a classic REPORT EVENT the first GUID after the report's own is the update's. */
const REPORT_UPDATE_ID = new RegExp(`REPORT EVENT:\\s*\\{${GUID}\\}.*?\\{(${GUID})\\}`, 'i');

interface LogicalLine {
  first: EvidenceLine;
  text: string;
  /** Its physical lines, at most the reader's `maxEvidenceLines` of them. */
  physical: EvidenceLine[];
  lastPhysical: string;
  physicalCount: number;
}

export interface WindowsUpdateLogLimits {
  /** Physical lines kept of one logical line (all are joined into its text). */
  maxEvidenceLines: number;
  /** Past this length, further wrapped lines are not joined into a logical line's text. */
  maxTextChars: number;
}

const NO_LIMITS: WindowsUpdateLogLimits = {
  maxEvidenceLines: Number.POSITIVE_INFINITY,
  maxTextChars: Number.POSITIVE_INFINITY,
};

/**
 * WindowsUpdate.log one physical line at a time: wrapped lines are joined, and each entry is handed to
 * `onEntry` once the next one starts (the last at `end`).
 */
export class WindowsUpdateLogLineReader implements UpdateLogLineReader {
  private current: LogicalLine | null = null;
  private entries = 0;

  constructor(
    private readonly onEntry: (entry: WindowsUpdateLogEntry, physicalLines: number) => void,
    private readonly limits: WindowsUpdateLogLimits = NO_LIMITS,
  ) {}

  line(text: string, line: number): void {
    const blank = text.trim() === '';
    const current = this.current;
    if (current === null || blank || STARTS_WITH_TIMESTAMP.test(text)) {
      // A blank line neither starts an entry nor ends one: a wrapped line may follow it.
      if (blank) return;
      this.close();
      this.current = {
        first: { line, text },
        text,
        physical: [{ line, text }],
        lastPhysical: text,
        physicalCount: 1,
      };
      return;
    }
    const hardWrap = current.lastPhysical.length === CONSOLE_WIDTH;
    if (current.text.length < this.limits.maxTextChars)
      current.text += hardWrap ? text : ` ${text.trimStart()}`;
    if (current.physical.length < this.limits.maxEvidenceLines) current.physical.push({ line, text });
    current.lastPhysical = text;
    current.physicalCount += 1;
  }

  end(): string[] {
    this.close();
    return this.entries === 0
      ? ['no WindowsUpdate.log line (classic or Get-WindowsUpdateLog format) found']
      : [];
  }

  private close(): void {
    const logical = this.current;
    this.current = null;
    const entry = logical === null ? null : readEntry(logical);
    if (logical === null || entry === null) return;
    this.entries += 1;
    this.onEntry(entry, logical.physicalCount);
  }
}

function firstFailure(message: string): CodeRef | null {
  for (const match of message.matchAll(HEX_CODE)) {
    const shown = match[0];
    if (isFailureCode(shown)) return codeRef(shown, shown, 'hresult');
  }
  return null;
}

function readEntry(logical: LogicalLine): WindowsUpdateLogEntry | null {
  const classic = CLASSIC.exec(logical.text);
  const etw = classic === null ? ETW.exec(logical.text) : null;
  if (classic === null && etw === null) return null;
  const timestamp = classic !== null ? `${classic[1] ?? ''} ${classic[2] ?? ''}` : (etw?.[1] ?? '');
  const component = (classic !== null ? classic[3] : etw?.[2]) ?? '';
  const message = (classic !== null ? classic[4] : etw?.[3]) ?? '';
  let failure = firstFailure(message);
  let reportSucceeded: boolean | null = null;
  const report = classic === null ? null : REPORT_FIELDS.exec(message);
  if (report?.[2] !== undefined) {
    const hresult = report[2];
    reportSucceeded = /^0+$/.test(hresult);
    if (failure === null && isFailureCode(`0x${hresult}`)) failure = codeRef(hresult, hresult, 'hresult');
  }
  const afterCode =
    failure === null ? null : new RegExp(`${failure.codeOriginal}:\\s*(.+)$`, 'i').exec(message);
  return {
    line: logical.first.line,
    format: classic !== null ? 'classic' : 'etw',
    timestamp,
    component,
    message,
    failure,
    kb: findKb(message),
    updateId: EXPLICIT_UPDATE_ID.exec(message)?.[1] ?? REPORT_UPDATE_ID.exec(message)?.[1] ?? null,
    reportSucceeded,
    title: afterCode?.[1]?.trim() ?? null,
    evidence: logical.physical.map((line) => ({ line: line.line, text: line.text })),
  };
}

/** The update an entry reports: a failure, or a classic report of a KB installed; null for the rest. */
export function entryUpdate(entry: WindowsUpdateLogEntry): UpdateRecord | null {
  if (entry.failure === null && !(entry.reportSucceeded === true && entry.kb !== null)) return null;
  return {
    kb: entry.kb,
    package: null,
    result: entry.failure !== null ? 'failed' : 'succeeded',
    failure: entry.failure,
    title: entry.title,
    at: entry.timestamp,
    evidence: entry.evidence,
  };
}

/** A WindowsUpdate.log read one line at a time, each update handed to `onUpdate` (see `entryUpdate`). */
export function windowsUpdateLogUpdates(
  onUpdate: (update: CountedUpdate) => void,
  limits: WindowsUpdateLogLimits = NO_LIMITS,
): UpdateLogLineReader {
  return new WindowsUpdateLogLineReader((entry, lines) => {
    const record = entryUpdate(entry);
    if (record !== null) onUpdate({ record, lines });
  }, limits);
}

export function parseWindowsUpdateLog(text: string): WindowsUpdateLogResult {
  const entries: WindowsUpdateLogEntry[] = [];
  const reader = new WindowsUpdateLogLineReader((entry) => entries.push(entry));
  for (const line of splitLines(text)) reader.line(line.text, line.line);
  const warnings = reader.end();
  const records = entries.map(entryUpdate).filter((record): record is UpdateRecord => record !== null);
  return { records, entries, warnings };
}
