/**
 * `sc query` / `sc queryex` / `sc start` output (and PsService's, which has the same layout) to service
 * records: state from the state number, exit codes from their decimal numbers, PID from queryex. Works on
 * any display language because it reads the block layout and numbers only (see sc-blocks.ts).
 */
import { serviceFailure, win32CodeRef } from './codes';
import { splitLines } from './lines';
import { type ScBlock, type ScErrorLine, leadingNumber, readScBlocks } from './sc-blocks';
import { stateFromNumber } from './scm-names';
import type { CodeRef, EvidenceLine, ParseResult, ServiceRecord } from './types';

/** sc failed before printing a block: `[SC] OpenService FAILED 1060:` and its localized message. */
export interface ScCommandError {
  /** The service the command named, when the command line is part of the capture. */
  service: string | null;
  /** The Win32 API sc reports as failing (`OpenService`, `StartService`, `QueryServiceConfig2`). */
  api: string;
  failure: CodeRef;
  evidence: EvidenceLine[];
}

export interface ScOutput extends ParseResult<ServiceRecord> {
  errors: ScCommandError[];
}

/** Field positions of a status block (sc query, queryex, start; PsService query). */
const STATUS = { state: 1, win32Exit: 2, serviceExit: 3, pid: 6 } as const;

export function statusRecord(block: ScBlock): ServiceRecord {
  const state = leadingNumber(block.fields[STATUS.state]?.value);
  const win32ExitCode = leadingNumber(block.fields[STATUS.win32Exit]?.value);
  const serviceSpecificExitCode = leadingNumber(block.fields[STATUS.serviceExit]?.value);
  const pid = leadingNumber(block.fields[STATUS.pid]?.value);
  return {
    service: block.headers[0] ?? null,
    displayName: block.headers[1] ?? null,
    state: state === null ? null : stateFromNumber(state),
    startType: null,
    win32ExitCode,
    serviceSpecificExitCode,
    pid: pid === null || pid === 0 ? null : pid,
    failure: serviceFailure(win32ExitCode, serviceSpecificExitCode),
    evidence: block.lines.map((line) => ({ line: line.line, text: line.text })),
  };
}

export function commandError(error: ScErrorLine): ScCommandError | null {
  const failure = win32CodeRef(error.win32Error);
  if (failure === null) return null;
  const evidence = [error.line, ...(error.message === null ? [] : [error.message])];
  return {
    service: error.commandService,
    api: error.api,
    failure,
    evidence: evidence.map((line) => ({ line: line.line, text: line.text })),
  };
}

export function collectErrors(errors: readonly ScErrorLine[]): ScCommandError[] {
  return errors.map(commandError).filter((error): error is ScCommandError => error !== null);
}

/** Parse `sc query` / `sc queryex` / `sc start` output: one record per status block, in order. */
export function parseScQuery(text: string): ScOutput {
  const { blocks, errors } = readScBlocks(splitLines(text));
  const warnings: string[] = [];
  const records = blocks.filter((block) => block.kind === 'status').map(statusRecord);
  for (const record of records) {
    if (record.state === null) {
      warnings.push(`${record.service ?? 'a service'}: the state line has no known SCM state number`);
    }
  }
  const unknown = blocks.filter((block) => block.kind === 'unknown').length;
  if (unknown > 0)
    warnings.push(`${unknown} block(s) are neither sc query nor sc qc output and were skipped`);
  if (records.length === 0 && errors.length === 0) {
    warnings.push('no sc query / queryex status block found: this is not sc query output');
  }
  return { records, errors: collectErrors(errors), warnings };
}
