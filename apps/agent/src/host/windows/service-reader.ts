/**
 * Services as the SCM sees them: CIM (`Win32_Service`) first, `sc.exe queryex`/`qc` when PowerShell or WMI
 * is broken. A service that is down gets its start error from its exit code or, failing that, from the
 * latest Service Control Manager event about it, with that event's lines as evidence.
 */
import type { ServiceStatus } from '../host';
import { scmEventsQuery } from './commands/events';
import { scQc, scQueryEx, win32ServiceQuery } from './commands/services';
import { CommandFailedError, type CommandRunner, type RunContext, runChecked } from './exec/run-command';
import {
  type CodeRef,
  type EventRecord,
  type ServiceRecord,
  parseEventXml,
  parseScOutput,
  parseWin32Service,
} from './parsers';

/** SCM events that explain why a service is not running. */
const FAILURE_EVENTS = new Set([
  'start-failed',
  'dependency-failed',
  'start-timeout',
  'hung-starting',
  'terminated-with-error',
  'terminated-with-service-error',
  'crashed',
]);

export interface ServiceReadResult {
  services: ServiceStatus[];
  /** Set when CIM failed and sc.exe answered instead. */
  fallbackReason: string | null;
}

async function readWithCim(
  runner: CommandRunner,
  context: RunContext,
  names: readonly string[],
): Promise<ServiceRecord[]> {
  const result = await runChecked(runner, win32ServiceQuery(names), context);
  return parseWin32Service(result.stdout).records;
}

async function readWithSc(
  runner: CommandRunner,
  context: RunContext,
  names: readonly string[],
): Promise<ServiceRecord[]> {
  const records: ServiceRecord[] = [];
  for (const name of names) {
    const query = await runChecked(runner, scQueryEx(name), context);
    if (query.exitCode === 1060) continue; // ERROR_SERVICE_DOES_NOT_EXIST: not installed here
    const config = await runChecked(runner, scQc(name), context);
    const parsed = parseScOutput(`${query.stdout}\n${config.stdout}`);
    records.push(...parsed.records.filter((record) => record.service?.toLowerCase() === name.toLowerCase()));
  }
  return records;
}

function isDown(record: ServiceRecord): boolean {
  return record.state !== 'RUNNING' && (record.failure !== null || record.startType === 'AUTO_START');
}

function eventsAbout(record: ServiceRecord, events: readonly EventRecord[]): EventRecord[] {
  const names = [record.service, record.displayName]
    .filter((name): name is string => name !== null)
    .map((n) => n.toLowerCase());
  return events.filter(
    (event) =>
      event.scmMeaning !== null &&
      FAILURE_EVENTS.has(event.scmMeaning) &&
      [event.serviceKey, event.service].some((name) => name !== null && names.includes(name.toLowerCase())),
  );
}

/** The service as the Host port reports it; null when the output did not say enough (no state or start type). */
export function serviceStatusFrom(
  record: ServiceRecord,
  events: readonly EventRecord[],
): ServiceStatus | null {
  if (record.service === null || record.state === null || record.startType === null) return null;
  const related = record.state === 'RUNNING' ? [] : eventsAbout(record, events);
  const failure: CodeRef | null =
    record.state === 'RUNNING'
      ? null
      : (record.failure ?? related.find((event) => event.failure)?.failure ?? null);
  return {
    name: record.service,
    displayName: record.displayName ?? record.service,
    state: record.state,
    startType: record.startType,
    win32ExitCode: record.win32ExitCode ?? 0,
    serviceSpecificExitCode: record.serviceSpecificExitCode ?? 0,
    pid: record.pid,
    startError: failure?.code ?? null,
    startErrorOriginal:
      failure !== null && failure.codeOriginal !== failure.code ? failure.codeOriginal : null,
    // Newest event first (the query reads in reverse), a few lines each.
    evidence: related.slice(0, 3).flatMap((event) => event.evidence.map((line) => line.text.trim())),
  };
}

export async function readServices(
  runner: CommandRunner,
  context: RunContext,
  names: readonly string[],
): Promise<ServiceReadResult> {
  let records: ServiceRecord[];
  let fallbackReason: string | null = null;
  try {
    records = await readWithCim(runner, context, names);
  } catch (error) {
    if (!(error instanceof CommandFailedError)) throw error;
    fallbackReason = error.message;
    records = await readWithSc(runner, context, names);
  }
  // Events cost a process; they are read only when a service is down and needs explaining.
  const events = records.some(isDown)
    ? parseEventXml((await runChecked(runner, scmEventsQuery(), context)).stdout).records
    : [];
  const services = records
    .map((record) => serviceStatusFrom(record, events))
    .filter((s): s is ServiceStatus => s !== null);
  return { services, fallbackReason };
}
