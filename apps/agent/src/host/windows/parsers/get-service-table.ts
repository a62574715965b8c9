/**
 * PowerShell `Get-Service` default table (`Status   Name   DisplayName`). The Status column holds the
 * .NET ServiceControllerStatus names (`Running`, `Stopped`, `StartPending` …), which PowerShell does not
 * translate; Name is the key name; DisplayName is localized. PowerShell cuts long cells with `...`: such a
 * name is reported with a warning because it cannot be matched to a service exactly.
 */
import { splitLines } from './lines';
import { stateFromWmiName } from './scm-names';
import type { ParseResult, ServiceRecord } from './types';

const ROW =
  /^\s*(Running|Stopped|StartPending|StopPending|ContinuePending|PausePending|Paused)\s+(\S+)\s*(.*?)\s*$/;

export function parseGetServiceTable(text: string): ParseResult<ServiceRecord> {
  const records: ServiceRecord[] = [];
  const warnings: string[] = [];
  for (const line of splitLines(text)) {
    const row = ROW.exec(line.text);
    if (row?.[1] === undefined || row[2] === undefined) continue;
    const name = row[2];
    if (name.endsWith('...'))
      warnings.push(`line ${line.line}: service name "${name}" is cut off by the table width`);
    records.push({
      service: name,
      displayName: row[3] === undefined || row[3] === '' ? null : row[3],
      state: stateFromWmiName(row[1]),
      startType: null,
      win32ExitCode: null,
      serviceSpecificExitCode: null,
      pid: null,
      failure: null,
      evidence: [{ line: line.line, text: line.text }],
    });
  }
  if (records.length === 0) warnings.push('no Get-Service row (Status Name DisplayName) found');
  return { records, warnings };
}
