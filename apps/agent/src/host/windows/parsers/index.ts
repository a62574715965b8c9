/**
 * Pure parsers of Windows command output and logs: text in, records out, tested on real captured output
 * (fixtures/, each with its source). Used by the Windows host's probes and by `fleetmedic-agent explain`.
 */
export * from './types';
export {
  ChunkDecoder,
  Utf8Check,
  chooseEncoding,
  decodeOutput,
  encodingForCodePage,
  type DecodedOutput,
  type EncodingChoice,
} from './decode';
export { LineSplitter } from './lines';
export {
  detectKind,
  OUTPUT_KINDS,
  OUTPUT_KIND_DESCRIPTIONS,
  type DetectedKind,
  type OutputKind,
} from './detect-kind';
export { parseWindowsOutput, type ParsedOutput } from './parse-output';
export { parseScQuery, type ScCommandError, type ScOutput } from './sc-query';
export { parseScQc } from './sc-qc';
export { parseScOutput } from './sc-output';
export { parsePsService } from './psservice';
export { parseGetServiceTable } from './get-service-table';
export { parseWin32Service } from './win32-service';
export { parseQuickFixEngineering, isoDate, type HotFixRecord } from './quick-fix-engineering';
export {
  CbsFailureGrouper,
  CbsLogLineReader,
  CbsLogReader,
  parseCbsLine,
  readCbsFailure,
  parseCbsLog,
  summarizeCbsFailures,
  MAX_GAP_LINES,
  type CbsFailureLine,
  type CbsLogResult,
  type CbsReaderState,
} from './cbs-log';
export { parseDismOutput, type DismOutput, type DismRun } from './dism-output';
export {
  WindowsUpdateLogLineReader,
  entryUpdate,
  parseWindowsUpdateLog,
  windowsUpdateLogUpdates,
  type WindowsUpdateLogEntry,
  type WindowsUpdateLogLimits,
  type WindowsUpdateLogResult,
} from './windows-update-log';
export {
  isWindowsUpdateResult,
  parseEventXml,
  type EventRecord,
  type EventXmlResult,
  type ScmEventMeaning,
} from './event-xml';
export { parseEventText, type EventTextResult, type TextEventRecord } from './event-text';
export {
  eventCsvLayout,
  parseEventCsv,
  readCsvRows,
  type CsvEventRecord,
  type EventCsvResult,
} from './event-csv';
export { parseEsentutlOutput, type EsentutlMode, type EsentutlRecord } from './esentutl-output';
export { parseRegQuery, type RegQueryResult, type RegistryKeyRecord } from './reg-query';
export { parseRegFile, type RegFileResult } from './reg-file';
export type { RegistryData, RegistryValue } from './registry-values';
