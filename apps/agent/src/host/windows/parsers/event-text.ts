/**
 * Event log records as text: Event Viewer's "Copy details as text" (`Log Name: … Source: … Event ID: …
 * Description: … Event Xml: …`) and `wevtutil qe … /f:text` (`Event[0]: Log Name: …`). Every label is
 * translated (`로그 이름`, `이벤트 ID`, `Ereignis-ID` …), so a record is found by its shape: a run of
 * `label: value` lines whose second value is the provider (provider names are never translated) and whose
 * fourth value is the numeric event ID. The description is kept as evidence but not interpreted (it is
 * localized); codes are read from it only where they are numbers (`0x80070643`, `KB5005030`, or an SCM `%%14`
 * insertion Event Viewer could not resolve). When the copy includes the `Event Xml` section, that XML is parsed
 * and wins. WindowsUpdateClient 19 / 20 / 43 records are also returned as update results.
 */
import { codeRef, findKb, isFailureCode } from './codes';
import {
  type EventRecord,
  SERVICE_CONTROL_MANAGER,
  type ScmEventMeaning,
  WINDOWS_UPDATE_CLIENT,
  parseEventXml,
  scmInsertionFailure,
  scmMeaningOf,
  windowsUpdateResult,
} from './event-xml';
import { splitLines } from './lines';
import type { CodeRef, EvidenceLine, ParseResult, UpdateRecord } from './types';

export interface TextEventRecord {
  provider: string;
  eventId: number;
  /** The date as printed, in the system's locale (`2021-04-25 오전 3:05:44`). */
  date: string | null;
  /** Description lines (localized message), verbatim. */
  description: string[];
  /** The record's XML section, parsed, when the copy has one. */
  xml: EventRecord | null;
  /** For Service Control Manager events: what happened, by event ID. */
  scmMeaning: ScmEventMeaning | null;
  failure: EventRecord['failure'];
  kb: string | null;
  service: string | null;
  evidence: EvidenceLine[];
}

export interface EventTextResult extends ParseResult<TextEventRecord> {
  /** WindowsUpdateClient 19 / 20 / 43 records as update results. */
  updates: UpdateRecord[];
}

const LABEL_VALUE = /^\s*([^:：]{1,40}?)\s*[:：]\s*(.*?)\s*$/;
const EVENT_ID = /^\d{1,5}$/;

interface Header {
  start: number;
  end: number;
  provider: string;
  eventId: number;
  date: string | null;
}

/** A header starts where line+1 names a provider and line+3 is a number, all four being `label: value`. */
function headerAt(lines: readonly EvidenceLine[], index: number): Header | null {
  const fields = [0, 1, 2, 3].map((offset) => LABEL_VALUE.exec(lines[index + offset]?.text ?? ''));
  const [logName, source, date, eventId] = fields;
  if (logName === null || source === null || date === null || eventId === null) return null;
  const provider = source?.[2] ?? '';
  const idText = eventId?.[2] ?? '';
  if (provider === '' || !EVENT_ID.test(idText) || (logName?.[2] ?? '') === '') return null;
  // The header goes on while lines are `label: value`; the last one (Description) has an empty value.
  let end = index + 3;
  while (end + 1 < lines.length) {
    const next = LABEL_VALUE.exec(lines[end + 1]?.text ?? '');
    if (next === null) break;
    end += 1;
    if ((next[2] ?? '') === '') break;
  }
  return { start: index, end, provider, eventId: Number(idText), date: date?.[2] ?? null };
}

/**
 * The failure a description shows in numbers: an SCM `%%<n>` insertion (alone at the end of a line) for the
 * events whose parameter is an error, else the first failure HRESULT (`0x80070643`).
 */
export function descriptionFailure(provider: string, eventId: number, description: string): CodeRef | null {
  if (provider === SERVICE_CONTROL_MANAGER) {
    for (const match of description.matchAll(/(?:^|\s)(%%-?\d+)\s*$/gm)) {
      const insertion = scmInsertionFailure(eventId, match[1] ?? '');
      if (insertion !== null) return insertion.failure;
    }
  }
  const shown = [...description.matchAll(/\b0x[0-9a-fA-F]{8}\b/g)]
    .map((match) => match[0])
    .find(isFailureCode);
  return shown === undefined ? null : codeRef(shown, shown, 'hresult');
}

function updateOf(record: TextEventRecord): UpdateRecord | null {
  if (record.provider !== WINDOWS_UPDATE_CLIENT) return null;
  const result = windowsUpdateResult(record.eventId);
  if (result === null) return null;
  return {
    kb: record.kb,
    package: null,
    result,
    failure: record.failure,
    title: record.xml?.updateTitle ?? null,
    at: record.xml?.timeCreated ?? record.date,
    evidence: record.evidence,
  };
}

export function parseEventText(text: string): EventTextResult {
  const lines = splitLines(text);
  const records: TextEventRecord[] = [];
  const warnings: string[] = [];
  let index = 0;
  while (index < lines.length) {
    const header = headerAt(lines, index);
    if (header === null) {
      index += 1;
      continue;
    }
    const description: EvidenceLine[] = [];
    let cursor = header.end + 1;
    let xml: EventRecord | null = null;
    while (cursor < lines.length) {
      const line = lines[cursor];
      if (line === undefined || headerAt(lines, cursor) !== null) break;
      const next = lines[cursor + 1];
      if (next !== undefined && /^\s*<Event[\s>]/.test(next.text) && /[:：]\s*$/.test(line.text)) {
        // `Event Xml:` (any language), then the XML up to </Event>.
        let last = cursor + 1;
        while (last < lines.length && !(lines[last]?.text ?? '').includes('</Event>')) last += 1;
        const xmlLines = lines.slice(cursor + 1, Math.min(last + 1, lines.length));
        const parsed = parseEventXml(xmlLines.map((item) => item.text).join('\n'), next.line);
        xml = parsed.records[0] ?? null;
        warnings.push(...parsed.warnings);
        cursor = last + 1;
        break;
      }
      description.push(line);
      cursor += 1;
    }
    while (description.length > 0 && (description[description.length - 1]?.text.trim() ?? '') === '')
      description.pop();
    const descriptionText = description.map((line) => line.text).join('\n');
    const headerLines = lines.slice(header.start, header.end + 1);
    const provider = xml?.provider ?? header.provider;
    const eventId = xml?.eventId ?? header.eventId;
    records.push({
      provider,
      eventId,
      date: header.date,
      description: description.map((line) => line.text),
      xml,
      scmMeaning: provider === SERVICE_CONTROL_MANAGER ? scmMeaningOf(eventId) : null,
      failure: xml?.failure ?? descriptionFailure(provider, eventId, descriptionText),
      kb: xml?.kb ?? findKb(descriptionText),
      service: xml?.service ?? null,
      evidence: [...headerLines, ...description, ...(xml?.evidence ?? [])].map((line) => ({
        line: line.line,
        text: line.text,
      })),
    });
    index = Math.max(cursor, header.end + 1);
  }
  if (records.length === 0)
    warnings.push('no event record (Log Name / Source / Date / Event ID header) found');
  const updates = records.map(updateOf).filter((update): update is UpdateRecord => update !== null);
  return { records, updates, warnings };
}
