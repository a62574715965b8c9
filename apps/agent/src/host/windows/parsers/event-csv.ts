/**
 * Event log records saved as CSV. Two layouts:
 * - Event Viewer "Save All Events As… → CSV": positional columns Level, Date and Time, Source, Event ID, Task
 *   Category, then the description. The header row (when there is one) and every value but the source and the
 *   number are in the system's language (`Fehler,10.01.2017 06:41:19,Service Control Manager,7034,Keine,"…"`),
 *   so rows are found by position: a provider name in the third column and a number in the fourth.
 * - PowerShell `Get-WinEvent … | Export-Csv` / `ConvertTo-Csv`: a header of property names PowerShell never
 *   translates (`Id`, `ProviderName`, `TimeCreated`, `LevelDisplayName`, `Message` …), in any order, with an
 *   optional `#TYPE` line before it.
 * Descriptions are kept verbatim and read only for numbers (`0x80070643`, `KB5005030`, an SCM `%%14`).
 */
import { findKb } from './codes';
import { descriptionFailure } from './event-text';
import {
  SERVICE_CONTROL_MANAGER,
  type ScmEventMeaning,
  WINDOWS_UPDATE_CLIENT,
  scmMeaningOf,
  windowsUpdateResult,
} from './event-xml';
import type { CodeRef, EvidenceLine, ParseResult, UpdateRecord } from './types';

export interface CsvEventRecord {
  provider: string;
  eventId: number;
  /** As printed (`Error`, `Fehler`, `错误`). */
  level: string | null;
  /** As printed, in the exporting system's format. */
  date: string | null;
  taskCategory: string | null;
  /** The message, verbatim (localized). */
  description: string | null;
  /** For Service Control Manager events: what happened, by event ID. */
  scmMeaning: ScmEventMeaning | null;
  failure: CodeRef | null;
  kb: string | null;
  evidence: EvidenceLine[];
}

export interface EventCsvResult extends ParseResult<CsvEventRecord> {
  layout: 'event-viewer' | 'powershell' | null;
  /** WindowsUpdateClient 19 / 20 / 43 rows as update results. */
  updates: UpdateRecord[];
}

interface CsvRow {
  fields: string[];
  /** 1-based line of the row's first and last line (a quoted field may span lines). */
  firstLine: number;
  lastLine: number;
}

/** `,` unless the first data line splits into more fields on `;` (Export-Csv -UseCulture in many locales). */
function delimiterOf(text: string): ',' | ';' {
  const line = text.split(/\r\n|\r|\n/).find((item) => item.trim() !== '' && !item.startsWith('#')) ?? '';
  const outsideQuotes = line.replace(/"[^"]*"/g, '');
  return (outsideQuotes.match(/;/g)?.length ?? 0) > (outsideQuotes.match(/,/g)?.length ?? 0) ? ';' : ',';
}

/** RFC 4180 rows: `""` is a quote inside a quoted field, a quoted field may hold line breaks. */
export function readCsvRows(text: string, delimiter: ',' | ';' = delimiterOf(text)): CsvRow[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const rows: CsvRow[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let firstLine = 1;
  let rowHasContent = false;
  const endRow = (): void => {
    fields.push(field);
    if (rowHasContent) rows.push({ fields, firstLine, lastLine: line });
    fields = [];
    field = '';
    rowHasContent = false;
  };
  for (let index = 0; index < body.length; index += 1) {
    const char = body[index] ?? '';
    if (quoted) {
      if (char === '"') {
        if (body[index + 1] === '"') {
          field += '"';
          index += 1;
        } else quoted = false;
      } else {
        if (char === '\n' || (char === '\r' && body[index + 1] !== '\n')) line += 1;
        field += char;
      }
      continue;
    }
    if (char === '"' && field.trim() === '') {
      quoted = true;
      field = '';
      rowHasContent = true;
    } else if (char === delimiter) {
      fields.push(field);
      field = '';
      rowHasContent = true;
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && body[index + 1] === '\n') index += 1;
      endRow();
      line += 1;
      firstLine = line;
    } else {
      field += char;
      if (char.trim() !== '') rowHasContent = true;
    }
  }
  endRow();
  return rows;
}

const EVENT_ID = /^\d{1,5}$/;
/** Provider names are never translated: ASCII words, dots, dashes, spaces (`Service Control Manager`). */
const PROVIDER = /^[A-Za-z][\w .()/-]{0,99}$/;

function isEventViewerRow(fields: readonly string[]): boolean {
  return (
    fields.length >= 5 &&
    /\d/.test(fields[1] ?? '') &&
    PROVIDER.test((fields[2] ?? '').trim()) &&
    EVENT_ID.test((fields[3] ?? '').trim())
  );
}

/** Column positions of a PowerShell header row, when the row is one (it names `Id` and `ProviderName`). */
function powerShellColumns(fields: readonly string[]): Map<string, number> | null {
  const columns = new Map(fields.map((name, index) => [name.trim().toLowerCase(), index]));
  return columns.has('id') && columns.has('providername') ? columns : null;
}

/** Why `text` is an event log CSV, or null when it is not one. Looks at the first rows only. */
export function eventCsvLayout(
  text: string,
): { layout: 'event-viewer' | 'powershell'; reason: string } | null {
  const rows = readCsvRows(text.slice(0, 20000)).filter((row) => !(row.fields[0] ?? '').startsWith('#TYPE'));
  const first = rows[0];
  if (first !== undefined && powerShellColumns(first.fields) !== null) {
    return {
      layout: 'powershell',
      reason: 'CSV header with the Id and ProviderName columns of Get-WinEvent',
    };
  }
  const positional = rows.slice(0, 50).filter((row) => isEventViewerRow(row.fields));
  const knownProvider = positional.some((row) => {
    const provider = (row.fields[2] ?? '').trim();
    return provider === SERVICE_CONTROL_MANAGER || provider.startsWith('Microsoft-Windows-');
  });
  if (positional.length >= 2 || knownProvider) {
    return { layout: 'event-viewer', reason: 'Event Viewer CSV rows: level, date, source, numeric event ID' };
  }
  return null;
}

function evidenceOf(row: CsvRow, lines: readonly string[]): EvidenceLine[] {
  const evidence: EvidenceLine[] = [];
  for (let line = row.firstLine; line <= row.lastLine; line += 1) {
    evidence.push({ line, text: lines[line - 1] ?? '' });
  }
  return evidence;
}

function recordOf(
  row: CsvRow,
  lines: readonly string[],
  values: {
    provider: string;
    eventId: string;
    level?: string;
    date?: string;
    task?: string;
    description?: string;
  },
): CsvEventRecord {
  const provider = values.provider.trim();
  const eventId = Number(values.eventId.trim());
  const description = values.description ?? null;
  const text = description ?? '';
  return {
    provider,
    eventId,
    level: values.level?.trim() || null,
    date: values.date?.trim() || null,
    taskCategory: values.task?.trim() || null,
    description,
    scmMeaning: provider === SERVICE_CONTROL_MANAGER ? scmMeaningOf(eventId) : null,
    failure: descriptionFailure(provider, eventId, text),
    kb: findKb(text),
    evidence: evidenceOf(row, lines),
  };
}

function updateOf(record: CsvEventRecord): UpdateRecord | null {
  if (record.provider !== WINDOWS_UPDATE_CLIENT) return null;
  const result = windowsUpdateResult(record.eventId);
  if (result === null) return null;
  return {
    kb: record.kb,
    package: null,
    result,
    failure: record.failure,
    title: null,
    at: record.date,
    evidence: record.evidence,
  };
}

export function parseEventCsv(text: string): EventCsvResult {
  const lines = (text.startsWith('\uFEFF') ? text.slice(1) : text).split(/\r\n|\r|\n/);
  const rows = readCsvRows(text).filter((row) => !(row.fields[0] ?? '').startsWith('#TYPE'));
  const records: CsvEventRecord[] = [];
  const warnings: string[] = [];
  const header = rows[0] === undefined ? null : powerShellColumns(rows[0].fields);
  let layout: EventCsvResult['layout'] = null;
  if (header !== null) {
    layout = 'powershell';
    const column = (row: CsvRow, ...names: string[]): string | undefined => {
      for (const name of names) {
        const index = header.get(name);
        if (index !== undefined) return row.fields[index];
      }
      return undefined;
    };
    for (const row of rows.slice(1)) {
      const provider = column(row, 'providername') ?? '';
      const eventId = column(row, 'id') ?? '';
      if (provider.trim() === '' || !EVENT_ID.test(eventId.trim())) {
        warnings.push(`line ${row.firstLine}: no ProviderName or numeric Id`);
        continue;
      }
      records.push(
        recordOf(row, lines, {
          provider,
          eventId,
          level: column(row, 'leveldisplayname', 'level'),
          date: column(row, 'timecreated'),
          task: column(row, 'taskdisplayname', 'task'),
          description: column(row, 'message'),
        }),
      );
    }
  } else {
    for (const row of rows) {
      // A translated header row (`Ebene,Datum und Uhrzeit,Quelle,Ereignis-ID,…`) has no number in column 4.
      if (!isEventViewerRow(row.fields)) continue;
      layout = 'event-viewer';
      const [level = '', date = '', provider = '', eventId = '', task = '', ...rest] = row.fields;
      records.push(
        recordOf(row, lines, {
          provider,
          eventId,
          level,
          date,
          task,
          description: rest.length === 0 ? undefined : rest.join(','),
        }),
      );
    }
  }
  if (records.length === 0) {
    warnings.push('no event row (source and numeric event ID, or a Get-WinEvent CSV header) found');
  }
  const updates = records.map(updateOf).filter((update): update is UpdateRecord => update !== null);
  return { records, layout, updates, warnings };
}
