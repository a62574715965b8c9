/**
 * Windows event log records as XML (`wevtutil qe … /f:xml`, `Get-WinEvent | % ToXml()`, or Event Viewer's
 * XML view copied with its `- ` markers) to event records. Keyed on the Provider name, the EventID and the
 * EventData `Data` elements — never on the rendered message, which Windows translates.
 *
 * Service Control Manager parameter layouts (the message templates of the events, e.g.
 * "The %1 service failed to start due to the following error: %2", Event ID 7000, EVENT_SERVICE_START_FAILED):
 *   7000 param1 service, param2 `%%<Win32 error>`      7001 param1 service, param2 dependency, param3 `%%<error>`
 *   7009 param1 timeout ms, param2 service              7011 param1 timeout ms, param2 service
 *   7022 param1 service (hung on starting)              7023 param1 service, param2 `%%<Win32 error>`
 *   7024 param1 service, param2 `%%<service-specific error>`
 *   7031 param1 service, param2 count, param3 ms, param4 action number, param5 action
 *   7034 param1 service, param2 count                   7036 param1 service, param2 state (localized)
 *   7040 param1 service, param2/param3 start types (localized), param4 service key
 * `<Binary>` of SCM events is the UTF-16 service key name, for 7036 followed by `/<state number>`.
 * WindowsUpdateClient 19 (installed) / 20 (failed, errorCode) / 43 (started): updateTitle, updateGuid.
 */
import { codeRef, findKb, win32CodeRef } from './codes';
import { stateFromNumber } from './scm-names';
import type { CodeRef, EvidenceLine, ParseResult, UpdateRecord } from './types';
import type { ServiceState } from '@fleetmedic/protocol/constants';

export const SERVICE_CONTROL_MANAGER = 'Service Control Manager';
export const WINDOWS_UPDATE_CLIENT = 'Microsoft-Windows-WindowsUpdateClient';

export type ScmEventMeaning =
  | 'start-failed'
  | 'dependency-failed'
  | 'start-timeout'
  | 'control-timeout'
  | 'hung-starting'
  | 'terminated-with-error'
  | 'terminated-with-service-error'
  | 'crashed'
  | 'state-changed'
  | 'start-type-changed'
  | 'installed';

interface ScmLayout {
  meaning: ScmEventMeaning;
  service: number;
  /** 1-based param holding `%%<code>`. */
  error?: number;
  errorKind?: 'win32' | 'service-specific';
  timeout?: number;
  count?: number;
}

const SCM_LAYOUT: Readonly<Record<number, ScmLayout>> = {
  7000: { meaning: 'start-failed', service: 1, error: 2, errorKind: 'win32' },
  7001: { meaning: 'dependency-failed', service: 1, error: 3, errorKind: 'win32' },
  7009: { meaning: 'start-timeout', service: 2, timeout: 1 },
  7011: { meaning: 'control-timeout', service: 2, timeout: 1 },
  7022: { meaning: 'hung-starting', service: 1 },
  7023: { meaning: 'terminated-with-error', service: 1, error: 2, errorKind: 'win32' },
  7024: { meaning: 'terminated-with-service-error', service: 1, error: 2, errorKind: 'service-specific' },
  7031: { meaning: 'crashed', service: 1, count: 2 },
  7034: { meaning: 'crashed', service: 1, count: 2 },
  7036: { meaning: 'state-changed', service: 1 },
  7040: { meaning: 'start-type-changed', service: 1 },
  7045: { meaning: 'installed', service: 1 },
};

export interface EventRecord {
  provider: string | null;
  eventId: number | null;
  qualifiers: number | null;
  level: number | null;
  /** `SystemTime` as printed (UTC, ISO 8601). */
  timeCreated: string | null;
  recordId: number | null;
  computer: string | null;
  channel: string | null;
  /** Named `Data` elements; unnamed ones are also under `param1`, `param2` … by position. */
  data: Record<string, string>;
  /** The Binary element decoded as UTF-16 text when it is text (SCM: the service key name). */
  binaryText: string | null;
  /** For SCM events: what happened, by EventID. */
  scmMeaning: ScmEventMeaning | null;
  /** Service display name (SCM param) or service key. */
  service: string | null;
  /** Service key name (from Binary, or 7040's param4). */
  serviceKey: string | null;
  /** 7036: the new state, from the number in Binary (`Spooler/1` → STOPPED). */
  state: ServiceState | null;
  serviceSpecificExitCode: number | null;
  timeoutMs: number | null;
  failure: CodeRef | null;
  kb: string | null;
  updateTitle: string | null;
  /** The rendered message when the XML carries RenderingInfo (localized; shown, never parsed). */
  message: string | null;
  /** False when the record was cut off before `</Event>`. */
  complete: boolean;
  evidence: EvidenceLine[];
}

export interface EventXmlResult extends ParseResult<EventRecord> {
  /** WindowsUpdateClient 19/20/43 events as update results. */
  updates: UpdateRecord[];
}

const EVENT_START = /<Event(?=[\s>])/g;
const EVENT_END = '</Event>';

export function decodeXmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (whole: string, entity: string) => {
    const lower = entity.toLowerCase();
    if (lower.startsWith('#')) {
      const point = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
      return point <= 0x10ffff ? String.fromCodePoint(point) : whole;
    }
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    return named[lower] ?? whole;
  });
}

function tag(xml: string, name: string): string | null {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`).exec(xml);
  return match?.[1] === undefined ? null : decodeXmlEntities(match[1].trim());
}

function attribute(xml: string, element: string, name: string): string | null {
  const match = new RegExp(`<${element}\\b[^>]*?\\b${name}=(['"])(.*?)\\1`).exec(xml);
  return match?.[2] === undefined ? null : decodeXmlEntities(match[2]);
}

function numberOrNull(text: string | null): number | null {
  if (text === null || !/^-?\d+$/.test(text.trim())) return null;
  return Number(text.trim());
}

function readData(xml: string): Record<string, string> {
  const data: Record<string, string> = {};
  let position = 0;
  for (const match of xml.matchAll(/<Data(?:\s+Name=(['"])(.*?)\1)?\s*(?:\/>|>([\s\S]*?)<\/Data>)/g)) {
    position += 1;
    const value = decodeXmlEntities(match[3] ?? '');
    if (match[2] !== undefined) data[match[2]] = value;
    data[`param${position}`] ??= value;
  }
  return data;
}

/** The Binary element as UTF-16 LE text, when it decodes to printable text. */
export function binaryAsText(hex: string | null): string | null {
  if (hex === null || hex.length < 4 || hex.length % 4 !== 0 || !/^[0-9a-f]+$/i.test(hex)) return null;
  let text = '';
  for (let index = 0; index < hex.length; index += 4) {
    const code = parseInt(hex.slice(index + 2, index + 4) + hex.slice(index, index + 2), 16);
    if (code === 0) break;
    if (code < 0x20) return null;
    text += String.fromCharCode(code);
  }
  return text === '' ? null : text;
}

/** `%%87` → 87 (an insertion of message 87, i.e. the Win32 error's text). */
function percentCode(value: string | undefined): number | null {
  const match = /^%%(-?\d+)$/.exec(value?.trim() ?? '');
  return match?.[1] === undefined ? null : Number(match[1]);
}

function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let index = 0; index < text.length; index += 1) if (text[index] === '\n') starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return low;
  };
}

/** What a Service Control Manager event ID means, or null for an ID this module does not interpret. */
export function scmMeaningOf(eventId: number): ScmEventMeaning | null {
  return SCM_LAYOUT[eventId]?.meaning ?? null;
}

export interface ScmInsertion {
  failure: CodeRef | null;
  /** 7024: the service's own code (`%%<n>` is then not a Win32 error). */
  serviceSpecificExitCode: number | null;
}

/**
 * What a `%%<n>` insertion means in an SCM event that carries an error (7000, 7001, 7023: a Win32 error; 7024: the
 * service's own code). Event Viewer shows the insertion itself when it cannot resolve the text, so it can appear in
 * a description too. Null for other event IDs or a value that is not `%%<n>`.
 */
export function scmInsertionFailure(eventId: number, shown: string): ScmInsertion | null {
  const layout = SCM_LAYOUT[eventId];
  const code = percentCode(shown);
  if (layout?.error === undefined || code === null) return null;
  if (layout.errorKind === 'service-specific') {
    // Small service-specific codes mean what the service says they mean; only HRESULT/NTSTATUS-sized ones
    // are codes the product can decode.
    const failure = code > 0xffff || code < 0 ? codeRef(String(code), shown.trim(), 'hresult') : null;
    return { failure, serviceSpecificExitCode: code };
  }
  return { failure: code === 0 ? null : win32CodeRef(code, shown.trim()), serviceSpecificExitCode: null };
}

/** WindowsUpdateClient 19 / 20 / 43 as an update result; null for other event IDs. */
export function windowsUpdateResult(eventId: number): UpdateRecord['result'] | null {
  return eventId === 19 ? 'installed' : eventId === 20 ? 'failed' : eventId === 43 ? 'unknown' : null;
}

/** True for the events the parsers also return as update results (WindowsUpdateClient 19 / 20 / 43). */
export function isWindowsUpdateResult(provider: string | null, eventId: number | null): boolean {
  return provider === WINDOWS_UPDATE_CLIENT && eventId !== null && windowsUpdateResult(eventId) !== null;
}

function interpretScm(record: EventRecord): void {
  if (record.eventId === null) return;
  const layout = SCM_LAYOUT[record.eventId];
  if (layout === undefined) return;
  record.scmMeaning = layout.meaning;
  const param = (index: number | undefined): string | undefined =>
    index === undefined ? undefined : record.data[`param${index}`];
  record.service = param(layout.service) ?? record.data.ServiceName ?? null;
  const [key, stateNumber] = (record.binaryText ?? '').split('/');
  record.serviceKey =
    record.eventId === 7040 ? (param(4) ?? null) : key === '' || key === undefined ? null : key;
  if (record.eventId === 7036 && stateNumber !== undefined && /^\d+$/.test(stateNumber)) {
    record.state = stateFromNumber(Number(stateNumber));
  }
  record.timeoutMs = numberOrNull(param(layout.timeout) ?? null);
  const raw = param(layout.error);
  const insertion = raw === undefined ? null : scmInsertionFailure(record.eventId, raw);
  if (insertion === null) return;
  record.serviceSpecificExitCode = insertion.serviceSpecificExitCode;
  record.failure = insertion.failure;
}

function interpretWindowsUpdate(record: EventRecord): void {
  record.updateTitle = record.data.updateTitle ?? null;
  record.kb = record.updateTitle === null ? null : findKb(record.updateTitle);
  const errorCode = record.data.errorCode;
  if (errorCode !== undefined && /^0x[0-9a-f]{8}$/i.test(errorCode.trim())) {
    record.failure = codeRef(errorCode.trim(), errorCode.trim(), 'hresult');
  }
}

function updateFromEvent(record: EventRecord): UpdateRecord | null {
  if (record.provider !== WINDOWS_UPDATE_CLIENT || record.eventId === null) return null;
  const result = windowsUpdateResult(record.eventId);
  if (result === null) return null;
  return {
    kb: record.kb,
    package: null,
    result,
    failure: record.failure,
    title: record.updateTitle,
    at: record.timeCreated,
    evidence: record.evidence,
  };
}

/** Parse every `<Event>` in the text (a wevtutil dump, one ToXml() string, or a copy from Event Viewer). */
export function parseEventXml(text: string, firstLine = 1): EventXmlResult {
  const records: EventRecord[] = [];
  const warnings: string[] = [];
  const lineOf = lineIndex(text);
  const allLines = text.split(/\r\n|\r|\n/);
  const starts = [...text.matchAll(EVENT_START)].map((match) => match.index);
  starts.forEach((start, index) => {
    const next = starts[index + 1] ?? text.length;
    const endAt = text.indexOf(EVENT_END, start);
    const complete = endAt >= 0 && endAt < next;
    const xml = text.slice(start, complete ? endAt + EVENT_END.length : next);
    const data = readData(xml);
    const eventIdText = /<EventID(?:\s+Qualifiers=(['"])(\d*)\1)?\s*>\s*(\d+)\s*<\/EventID>/.exec(xml);
    const record: EventRecord = {
      provider: attribute(xml, 'Provider', 'Name'),
      eventId: numberOrNull(eventIdText?.[3] ?? null),
      qualifiers: numberOrNull(eventIdText?.[2] ?? null),
      level: numberOrNull(tag(xml, 'Level')),
      timeCreated: attribute(xml, 'TimeCreated', 'SystemTime'),
      recordId: numberOrNull(tag(xml, 'EventRecordID')),
      computer: tag(xml, 'Computer'),
      channel: tag(xml, 'Channel'),
      data,
      binaryText: binaryAsText(tag(xml, 'Binary')),
      scmMeaning: null,
      service: null,
      serviceKey: null,
      state: null,
      serviceSpecificExitCode: null,
      timeoutMs: null,
      failure: null,
      kb: null,
      updateTitle: null,
      message: tag(xml, 'Message'),
      complete,
      evidence: [],
    };
    if (record.provider === SERVICE_CONTROL_MANAGER) interpretScm(record);
    if (record.provider === WINDOWS_UPDATE_CLIENT) interpretWindowsUpdate(record);
    const first = lineOf(start);
    const last = lineOf(start + xml.length - 1);
    for (let index = first; index <= last; index += 1) {
      const lineText = allLines[index] ?? '';
      if (/<(Provider|EventID|TimeCreated|Computer|Data|Binary)\b/.test(lineText)) {
        record.evidence.push({ line: firstLine + index, text: lineText });
      }
    }
    if (!complete)
      warnings.push(`event ${record.eventId ?? '?'} at line ${firstLine + first} is cut off before </Event>`);
    if (record.eventId === null) warnings.push(`an <Event> at line ${firstLine + first} has no EventID`);
    records.push(record);
  });
  if (records.length === 0) warnings.push('no <Event> element found: this is not event log XML');
  const updates = records.map(updateFromEvent).filter((update): update is UpdateRecord => update !== null);
  return { records, updates, warnings };
}
