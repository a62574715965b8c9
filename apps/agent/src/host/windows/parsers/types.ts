/**
 * Records the Windows output parsers produce. Every parser is a pure function from text to a
 * `ParseResult`: what it found, plus warnings for what it could not read. Parsers never throw on bad
 * input; a file of the wrong kind yields no records and a warning that says so.
 */
import type { ServiceStartType, ServiceState } from '@fleetmedic/protocol/constants';

/** One line of the input, verbatim, with its 1-based line number (absolute, also when read in chunks). */
export interface EvidenceLine {
  line: number;
  text: string;
}

/** An error code as the product normalizes it, with the text Windows showed and its symbol if printed. */
export interface CodeRef {
  /** `0x` + 8 lowercase hex digits (normalizeCode of @fleetmedic/knowledge). */
  code: string;
  /** The code exactly as it appeared: `0x8E5E03FA`, `1067`, `%%87`, `80070643`, `-1206`. */
  codeOriginal: string;
  /** The symbolic name when the text printed one (`JET_errReadVerifyFailure`, `CBS_E_SOURCE_MISSING`). */
  symbol: string | null;
}

export interface ParseResult<TRecord> {
  records: TRecord[];
  warnings: string[];
}

/** One Windows service as a status or configuration output shows it, in SCM terms whatever the language. */
export interface ServiceRecord {
  /** The service key name (`Spooler`), when the output shows it. */
  service: string | null;
  displayName: string | null;
  state: ServiceState | null;
  startType: ServiceStartType | null;
  win32ExitCode: number | null;
  serviceSpecificExitCode: number | null;
  pid: number | null;
  /**
   * The failure the exit codes report, normalized: null while the last stop was clean (0) or the service
   * never started (1077). With 1066 (ERROR_SERVICE_SPECIFIC_ERROR) a service-specific code above 0xffff
   * (an HRESULT or NTSTATUS) is the code; a small one stays in `serviceSpecificExitCode` and 1066 is the code.
   */
  failure: CodeRef | null;
  evidence: EvidenceLine[];
}

/** The outcome of one update (KB) or servicing package as a log or command output shows it. */
export interface UpdateRecord {
  /** `KB5005030`, when the text names one. */
  kb: string | null;
  /** The CBS package identity (`Package_177_for_KB5005030~31bf3856ad364e35~amd64~~10.0.1.3`). */
  package: string | null;
  result: 'failed' | 'succeeded' | 'installed' | 'unknown';
  failure: CodeRef | null;
  /** Update title as printed (may be localized), when the source has one. */
  title: string | null;
  /** Time of the result as printed by the source (not converted), when known. */
  at: string | null;
  evidence: EvidenceLine[];
}

/** An update record read from a log, with how many evidence lines it had before any were left out. */
export interface CountedUpdate {
  record: UpdateRecord;
  /** All its evidence lines; `record.evidence` may keep fewer. */
  lines: number;
}

/**
 * A line-oriented update log (CBS.log, WindowsUpdate.log) read one line at a time, for files too large to
 * hold: each update is handed on as soon as the lines after it show it is complete.
 */
export interface UpdateLogLineReader {
  line(text: string, line: number): void;
  /** End of input: hands on the last update; answers the warnings a whole-text parse would give. */
  end(): string[];
}
