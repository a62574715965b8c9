/**
 * The `service` check: is each watched service in the state its start type promises? A failing service
 * carries the real start error (0x80070057 in case A), not just "stopped".
 */
import { normalizeCode } from '@fleetmedic/knowledge/normalize';
import type { ServiceStatus } from '../host/host';
import { type CheckResult, clampEvidence } from './check-result';

/** Win32 ERROR_SERVICE_DOES_NOT_EXIST, what `sc query` answers for a service that is not installed. */
const ERROR_SERVICE_DOES_NOT_EXIST = 1060;
const ERROR_SERVICE_SPECIFIC_ERROR = 1066;
/** Exit codes that say "stopped, nothing went wrong": success, and never started (trigger-start services). */
const CLEAN_EXIT_CODES = new Set([0, 1077]);

/** One result per watched name, in the watch list's order; names the PC does not have fail with 1060. */
export function serviceCheckResults(
  watched: readonly string[],
  statuses: readonly ServiceStatus[],
): CheckResult[] {
  const byName = new Map(statuses.map((status) => [status.name.toLowerCase(), status]));
  return watched.map((name) => {
    const status = byName.get(name.toLowerCase());
    return status === undefined ? missingServiceResult(name) : serviceResult(status);
  });
}

export function serviceResult(service: ServiceStatus): CheckResult {
  const failure = serviceFailure(service);
  return {
    check: 'service',
    target: service.name,
    status: failure === null ? 'ok' : 'failing',
    code: failure?.code ?? null,
    codeOriginal: failure?.original ?? null,
    facts: {
      displayName: service.displayName,
      state: service.state,
      startType: service.startType,
      win32ExitCode: service.win32ExitCode,
      serviceSpecificExitCode: service.serviceSpecificExitCode,
      pid: service.pid,
    },
    evidence: clampEvidence(service.evidence),
  };
}

interface ServiceFailure {
  code: string | null;
  original: string | null;
}

/** Failing: the last start failed, or an auto-start service is not running. Null when healthy. */
function serviceFailure(service: ServiceStatus): ServiceFailure | null {
  if (service.startError !== null) return { code: service.startError, original: service.startErrorOriginal };
  if (service.startType !== 'AUTO_START' || service.state === 'RUNNING') return null;
  return { ...exitCodeOf(service) };
}

/** Without a recorded start error, the exit code of the last stop is the best explanation Windows gives. */
function exitCodeOf(service: ServiceStatus): ServiceFailure {
  if (service.win32ExitCode === ERROR_SERVICE_SPECIFIC_ERROR && service.serviceSpecificExitCode !== 0) {
    return normalizeCode(service.serviceSpecificExitCode >>> 0);
  }
  if (CLEAN_EXIT_CODES.has(service.win32ExitCode)) return { code: null, original: null };
  return normalizeCode(service.win32ExitCode, 'win32');
}

function missingServiceResult(name: string): CheckResult {
  const { code, original } = normalizeCode(ERROR_SERVICE_DOES_NOT_EXIST, 'win32');
  return {
    check: 'service',
    target: name,
    status: 'failing',
    code,
    codeOriginal: original,
    facts: { installed: false },
    evidence: [`The service ${name} is not installed on this PC.`],
  };
}
