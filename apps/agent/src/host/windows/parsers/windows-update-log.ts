/**
 * WindowsUpdate.log in its two formats: the classic text log of Windows 7/8.1/Server 2012 R2
 * (`2023-02-06 11:45:33:713 1188 1418 Report REPORT EVENT: …`, tab separated) and the ETW-decoded log that
 * `Get-WindowsUpdateLog` writes on Windows 10+ (`2017/09/03 18:01:27.0604614 1380 10652 DownloadManager …`).
 * Failures are read from HRESULTs (`hr = 0x80200013`, `error 0x80070643`, or the classic report's bare
 * `80070643` field) and KBs from `KBnnnnnnn`, never from the English message words.
 *
 * Console copies hard-wrap lines at 80 columns (even inside `KB4014984`); a physical line that does not
 * start with a timestamp continues the previous one, and a previous line of exactly 80 characters is
 * joined without a space.
 */
import { codeRef, findKb, isFailureCode } from './codes';
import { splitLines } from './lines';
import type { CodeRef, EvidenceLine, ParseResult, UpdateRecord } from './types';

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
  physical: EvidenceLine[];
}

function joinWrapped(lines: readonly EvidenceLine[]): LogicalLine[] {
  const logical: LogicalLine[] = [];
  for (const line of lines) {
    const current = logical[logical.length - 1];
    if (current === undefined || STARTS_WITH_TIMESTAMP.test(line.text) || line.text.trim() === '') {
      if (line.text.trim() !== '') logical.push({ first: line, text: line.text, physical: [line] });
      continue;
    }
    const previous = current.physical[current.physical.length - 1];
    const hardWrap = previous !== undefined && previous.text.length === CONSOLE_WIDTH;
    current.text += hardWrap ? line.text : ` ${line.text.trimStart()}`;
    current.physical.push(line);
  }
  return logical;
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

export function parseWindowsUpdateLog(text: string): WindowsUpdateLogResult {
  const entries = joinWrapped(splitLines(text))
    .map(readEntry)
    .filter((entry): entry is WindowsUpdateLogEntry => entry !== null);
  const records: UpdateRecord[] = entries
    .filter((entry) => entry.failure !== null || (entry.reportSucceeded === true && entry.kb !== null))
    .map((entry) => ({
      kb: entry.kb,
      package: null,
      result: entry.failure !== null ? 'failed' : 'succeeded',
      failure: entry.failure,
      title: entry.title,
      at: entry.timestamp,
      evidence: entry.evidence,
    }));
  const warnings =
    entries.length === 0 ? ['no WindowsUpdate.log line (classic or Get-WindowsUpdateLog format) found'] : [];
  return { records, entries, warnings };
}
