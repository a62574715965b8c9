/**
 * Installed updates from Win32_QuickFixEngineering: `Get-HotFix` / `Get-CimInstance … | Format-Table`
 * (columns found from the `----` underline, since values may contain spaces), `wmic qfe … /format:list`
 * (`HotFixID=KB…`), `wmic qfe get …` tables and `ConvertTo-Json`. InstalledOn is kept as printed — its
 * format follows the culture (`4/11/2017`, `21.04.2023 00:00:00`, `2023/4/21`) — and converted to an
 * ISO date where the format says which part is the day.
 */
import { findKb } from './codes';
import { splitLines } from './lines';
import type { EvidenceLine, ParseResult, UpdateRecord } from './types';

export interface HotFixRecord extends UpdateRecord {
  description: string | null;
  /** InstalledOn as printed. */
  installedOnRaw: string | null;
  /** `YYYY-MM-DD` when the printed date can be read unambiguously (see isoDate). */
  installedOn: string | null;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/**
 * `d.m.yyyy` (de, ru), `yyyy/m/d` or `yyyy-m-d` (zh, ISO), `m/d/yyyy` (en-US and WMI's own InstalledOn),
 * a FILETIME in hex (old WMI), or `/Date(ms)/` (ConvertTo-Json of a DateTime).
 */
export function isoDate(raw: string): string | null {
  const text = raw.trim();
  const jsonDate = /\/Date\((\d+)\)\//.exec(text);
  if (jsonDate?.[1] !== undefined) return new Date(Number(jsonDate[1])).toISOString().slice(0, 10);
  const yearFirst = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/.exec(text);
  if (yearFirst !== null)
    return `${yearFirst[1] ?? ''}-${pad(Number(yearFirst[2]))}-${pad(Number(yearFirst[3]))}`;
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)/.exec(text);
  if (dotted !== null) return `${dotted[3] ?? ''}-${pad(Number(dotted[2]))}-${pad(Number(dotted[1]))}`;
  const slashed = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?!\d)/.exec(text);
  if (slashed !== null) {
    const [first, second] = [Number(slashed[1]), Number(slashed[2])];
    const [month, day] = first > 12 ? [second, first] : [first, second];
    return `${slashed[3] ?? ''}-${pad(month)}-${pad(day)}`;
  }
  if (/^[0-9a-f]{15,16}$/i.test(text)) {
    const filetime = BigInt(`0x${text}`);
    const ms = Number(filetime / 10000n - 11644473600000n);
    return Number.isFinite(ms) && ms > 0 ? new Date(ms).toISOString().slice(0, 10) : null;
  }
  return null;
}

function record(
  kb: string,
  description: string | null,
  installedOnRaw: string | null,
  evidence: EvidenceLine[],
): HotFixRecord {
  return {
    kb,
    package: null,
    result: 'installed',
    failure: null,
    title: null,
    at: installedOnRaw,
    description,
    installedOnRaw,
    installedOn: installedOnRaw === null ? null : isoDate(installedOnRaw),
    evidence,
  };
}

function fromJson(body: string): HotFixRecord[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const items = (Array.isArray(parsed) ? parsed : [parsed]).filter(
    (item): item is Record<string, unknown> => typeof item === 'object' && item !== null,
  );
  const records: HotFixRecord[] = [];
  for (const item of items) {
    const kb = typeof item.HotFixID === 'string' ? findKb(item.HotFixID) : null;
    if (kb === null) continue;
    const installed = item.InstalledOn;
    const raw =
      typeof installed === 'string'
        ? installed
        : typeof installed === 'object' &&
            installed !== null &&
            'value' in installed &&
            typeof installed.value === 'string'
          ? installed.value
          : null;
    records.push(record(kb, typeof item.Description === 'string' ? item.Description : null, raw, []));
  }
  return records;
}

function fromList(lines: readonly EvidenceLine[]): HotFixRecord[] {
  const records: HotFixRecord[] = [];
  let current: {
    kb: string;
    description: string | null;
    installedOn: string | null;
    evidence: EvidenceLine[];
  } | null = null;
  const flush = (): void => {
    if (current !== null)
      records.push(record(current.kb, current.description, current.installedOn, current.evidence));
    current = null;
  };
  for (const line of lines) {
    const pair = /^\s*(\w+)=(.*?)\s*$/.exec(line.text);
    if (pair?.[1] === undefined) continue;
    const value = pair[2] ?? '';
    if (pair[1] === 'HotFixID') {
      flush();
      const kb = findKb(value);
      if (kb !== null) current = { kb, description: null, installedOn: null, evidence: [line] };
      continue;
    }
    if (current === null) continue;
    if (pair[1] === 'InstalledOn') current.installedOn = value === '' ? null : value;
    if (pair[1] === 'Description') current.description = value === '' ? null : value;
    current.evidence.push(line);
  }
  flush();
  return records;
}

/** Column spans from the dash underline under the header (`--------  -----------`). */
function columns(underline: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const match of underline.matchAll(/-+/g))
    spans.push({ start: match.index, end: match.index + match[0].length });
  return spans;
}

function fromTable(lines: readonly EvidenceLine[]): HotFixRecord[] {
  const records: HotFixRecord[] = [];
  const headerIndex = lines.findIndex((line) => /\bHotFixID\b/.test(line.text) && !line.text.includes('>'));
  const header = lines[headerIndex];
  if (header === undefined) return records;
  const names = header.text.trim().split(/\s+/);
  const underline = lines[headerIndex + 1];
  const spans = underline !== undefined && /^[\s-]+$/.test(underline.text) ? columns(underline.text) : null;
  for (const line of lines.slice(headerIndex + (spans === null ? 1 : 2))) {
    if (line.text.trim() === '') continue;
    const cells: string[] =
      spans === null
        ? line.text.trim().split(/\s{2,}/)
        : spans.map((span, index) => {
            const next = spans[index + 1];
            return line.text.slice(span.start, next === undefined ? undefined : next.start).trim();
          });
    const cell = (name: string): string | null => {
      const position = names.findIndex((candidate) => candidate.toLowerCase() === name.toLowerCase());
      const value = position < 0 ? undefined : cells[position];
      return value === undefined || value === '' ? null : value;
    };
    const kb = findKb(cell('HotFixID') ?? '');
    if (kb === null) continue;
    records.push(record(kb, cell('Description'), cell('InstalledOn'), [line]));
  }
  return records;
}

export function parseQuickFixEngineering(text: string): ParseResult<HotFixRecord> {
  const trimmed = text.trim();
  let records: HotFixRecord[] | null = null;
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) records = fromJson(trimmed);
  const lines = splitLines(text);
  if (records === null) records = /^\s*HotFixID=/im.test(text) ? fromList(lines) : fromTable(lines);
  const warnings =
    records.length === 0 ? ['no HotFixID entry found: this is not Get-HotFix / wmic qfe output'] : [];
  return { records, warnings };
}
