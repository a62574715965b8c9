/**
 * Any mix of sc.exe output (query, queryex, qc, start, errors) — what a support engineer pastes — merged
 * into one record per service: status fields from the status block, start type and display name from the
 * config block.
 */
import { splitLines } from './lines';
import { readScBlocks } from './sc-blocks';
import { configRecord } from './sc-qc';
import { type ScOutput, collectErrors, statusRecord } from './sc-query';
import type { ServiceRecord } from './types';

function merge(into: ServiceRecord, from: ServiceRecord): ServiceRecord {
  return {
    service: into.service ?? from.service,
    displayName: into.displayName ?? from.displayName,
    state: from.state ?? into.state,
    startType: from.startType ?? into.startType,
    win32ExitCode: from.win32ExitCode ?? into.win32ExitCode,
    serviceSpecificExitCode: from.serviceSpecificExitCode ?? into.serviceSpecificExitCode,
    pid: from.state === null ? into.pid : from.pid,
    failure: from.state === null ? into.failure : from.failure,
    evidence: [...into.evidence, ...from.evidence],
  };
}

export function parseScOutput(text: string): ScOutput {
  const { blocks, errors } = readScBlocks(splitLines(text));
  const byService = new Map<string, ServiceRecord>();
  const anonymous: ServiceRecord[] = [];
  for (const block of blocks) {
    if (block.kind === 'unknown') continue;
    const record = block.kind === 'status' ? statusRecord(block) : configRecord(block);
    if (record.service === null) {
      anonymous.push(record);
      continue;
    }
    const key = record.service.toLowerCase();
    const seen = byService.get(key);
    byService.set(key, seen === undefined ? record : merge(seen, record));
  }
  const records = [...byService.values(), ...anonymous];
  const warnings =
    records.length === 0 && errors.length === 0 ? ['no sc.exe service block or [SC] error line found'] : [];
  return { records, errors: collectErrors(errors), warnings };
}
