/**
 * One entry point for `explain FILE`: detect the kind of a Windows output and parse it. Never throws; an
 * unknown or binary file yields a result that says so and lists the supported kinds.
 */
import { type CbsLogResult, parseCbsLog } from './cbs-log';
import { type DetectedKind, OUTPUT_KINDS, type OutputKind, detectKind } from './detect-kind';
import { type DismOutput, parseDismOutput } from './dism-output';
import { type EsentutlRecord, parseEsentutlOutput } from './esentutl-output';
import { type EventCsvResult, parseEventCsv } from './event-csv';
import { type EventTextResult, parseEventText } from './event-text';
import { type EventXmlResult, parseEventXml } from './event-xml';
import { parseGetServiceTable } from './get-service-table';
import { parsePsService } from './psservice';
import { type HotFixRecord, parseQuickFixEngineering } from './quick-fix-engineering';
import { type RegFileResult, parseRegFile } from './reg-file';
import { type RegQueryResult, parseRegQuery } from './reg-query';
import { parseScOutput } from './sc-output';
import type { ScOutput } from './sc-query';
import type { ParseResult, ServiceRecord } from './types';
import { parseWin32Service } from './win32-service';
import { type WindowsUpdateLogResult, parseWindowsUpdateLog } from './windows-update-log';

export type ParsedOutput =
  | { kind: 'sc-query' | 'sc-qc' | 'psservice'; reason: string; result: ScOutput }
  | { kind: 'get-service' | 'win32-service'; reason: string; result: ParseResult<ServiceRecord> }
  | { kind: 'qfe'; reason: string; result: ParseResult<HotFixRecord> }
  | { kind: 'cbs-log'; reason: string; result: CbsLogResult }
  | { kind: 'dism'; reason: string; result: DismOutput }
  | { kind: 'windows-update-log'; reason: string; result: WindowsUpdateLogResult }
  | { kind: 'event-xml'; reason: string; result: EventXmlResult }
  | { kind: 'event-text'; reason: string; result: EventTextResult }
  | { kind: 'event-csv'; reason: string; result: EventCsvResult }
  | { kind: 'esentutl'; reason: string; result: ParseResult<EsentutlRecord> }
  | { kind: 'reg-query'; reason: string; result: RegQueryResult }
  | { kind: 'reg-file'; reason: string; result: RegFileResult }
  | { kind: 'unknown' | 'binary'; reason: string; supportedKinds: readonly OutputKind[] };

/** Parse `text` as `kind`, or as the kind detectKind finds. */
export function parseWindowsOutput(text: string, kind?: OutputKind): ParsedOutput {
  const detected: DetectedKind =
    kind === undefined ? detectKind(text) : { kind, reason: 'kind given by the caller' };
  const reason = detected.reason;
  switch (detected.kind) {
    case 'unknown':
    case 'binary':
      return { kind: detected.kind, reason, supportedKinds: OUTPUT_KINDS };
    case 'sc-query':
    case 'sc-qc':
      return { kind: detected.kind, reason, result: parseScOutput(text) };
    case 'psservice':
      return { kind: detected.kind, reason, result: parsePsService(text) };
    case 'get-service':
      return { kind: detected.kind, reason, result: parseGetServiceTable(text) };
    case 'win32-service':
      return { kind: detected.kind, reason, result: parseWin32Service(text) };
    case 'qfe':
      return { kind: detected.kind, reason, result: parseQuickFixEngineering(text) };
    case 'cbs-log':
      return { kind: detected.kind, reason, result: parseCbsLog(text) };
    case 'dism':
      return { kind: detected.kind, reason, result: parseDismOutput(text) };
    case 'windows-update-log':
      return { kind: detected.kind, reason, result: parseWindowsUpdateLog(text) };
    case 'event-xml':
      return { kind: detected.kind, reason, result: parseEventXml(text) };
    case 'event-text':
      return { kind: detected.kind, reason, result: parseEventText(text) };
    case 'event-csv':
      return { kind: detected.kind, reason, result: parseEventCsv(text) };
    case 'esentutl':
      return { kind: detected.kind, reason, result: parseEsentutlOutput(text) };
    case 'reg-query':
      return { kind: detected.kind, reason, result: parseRegQuery(text) };
    case 'reg-file':
      return { kind: detected.kind, reason, result: parseRegFile(text) };
  }
}
