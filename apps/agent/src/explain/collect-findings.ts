/**
 * From one parsed output, the findings `explain` reports, in one shape whatever the kind: services,
 * updates, registry keys, and every failure with what it belongs to and the lines that show it.
 */
import {
  type CodeRef,
  type EvidenceLine,
  type ParsedOutput,
  type RegistryKeyRecord,
  type ServiceRecord,
  type UpdateRecord,
  isWindowsUpdateResult,
} from '../host/windows/parsers';
import type { ExplainedService, ExplainedUpdate, FailureContext, RegistryKeyFinding } from './explain-report';

export interface Failure {
  ref: CodeRef;
  context: FailureContext | null;
  evidence: EvidenceLine[];
}

export interface Findings {
  services: ExplainedService[];
  updates: ExplainedUpdate[];
  registryKeys: RegistryKeyFinding[];
  failures: Failure[];
  warnings: string[];
}

function serviceContext(service: string | null): FailureContext | null {
  return service === null ? null : { check: 'service', target: service };
}

function patchContext(kb: string | null): FailureContext {
  return { check: 'patch', target: kb ?? '*' };
}

function fromService(record: ServiceRecord): ExplainedService {
  return {
    service: record.service,
    displayName: record.displayName,
    state: record.state,
    startType: record.startType,
    win32ExitCode: record.win32ExitCode,
    serviceSpecificExitCode: record.serviceSpecificExitCode,
    pid: record.pid,
    code: record.failure?.code ?? null,
    evidence: record.evidence,
  };
}

function fromUpdate(record: UpdateRecord): ExplainedUpdate {
  return {
    kb: record.kb,
    package: record.package,
    result: record.result,
    title: record.title,
    at: record.at,
    code: record.failure?.code ?? null,
    evidence: record.evidence,
  };
}

function fromRegistryKey(record: RegistryKeyRecord): RegistryKeyFinding {
  return {
    path: record.path,
    deleted: record.deleted,
    values: record.values.map((value) => ({ name: value.name, type: value.type, data: value.raw })),
  };
}

export function collectFindings(parsed: ParsedOutput): Findings {
  const findings: Findings = { services: [], updates: [], registryKeys: [], failures: [], warnings: [] };
  const addServices = (records: readonly ServiceRecord[]) => {
    for (const record of records) {
      findings.services.push(fromService(record));
      if (record.failure) {
        findings.failures.push({
          ref: record.failure,
          context: serviceContext(record.service),
          evidence: record.evidence,
        });
      }
    }
  };
  const addUpdates = (records: readonly UpdateRecord[]) => {
    for (const record of records) {
      findings.updates.push(fromUpdate(record));
      if (record.failure) {
        findings.failures.push({
          ref: record.failure,
          context: patchContext(record.kb),
          evidence: record.evidence,
        });
      }
    }
  };

  switch (parsed.kind) {
    case 'unknown':
    case 'binary':
      return findings;
    case 'sc-query':
    case 'sc-qc':
    case 'psservice':
      addServices(parsed.result.records);
      for (const error of parsed.result.errors) {
        findings.failures.push({
          ref: error.failure,
          context: serviceContext(error.service),
          evidence: error.evidence,
        });
      }
      break;
    case 'get-service':
    case 'win32-service':
      addServices(parsed.result.records);
      break;
    case 'qfe':
    case 'cbs-log':
    case 'dism':
    case 'windows-update-log':
      addUpdates(parsed.result.records);
      break;
    case 'event-xml':
      for (const event of parsed.result.records) {
        if (event.failure && event.kb === null) {
          findings.failures.push({
            ref: event.failure,
            context: serviceContext(event.serviceKey ?? event.service),
            evidence: event.evidence,
          });
        }
      }
      addUpdates(parsed.result.updates);
      break;
    case 'event-text':
    case 'event-csv': {
      // WindowsUpdateClient 19/20/43 come as updates (their failures with them); other events as failures.
      for (const event of parsed.result.records) {
        if (!event.failure || isWindowsUpdateResult(event.provider, event.eventId)) continue;
        const service = 'service' in event ? (event.service ?? null) : null;
        findings.failures.push({
          ref: event.failure,
          context: event.kb !== null ? patchContext(event.kb) : serviceContext(service),
          evidence: event.evidence,
        });
      }
      addUpdates(parsed.result.updates);
      break;
    }
    case 'esentutl':
      for (const record of parsed.result.records) {
        if (record.failure)
          findings.failures.push({ ref: record.failure, context: null, evidence: record.evidence });
      }
      break;
    case 'reg-query':
    case 'reg-file':
      findings.registryKeys.push(...parsed.result.records.map(fromRegistryKey));
      break;
  }
  findings.warnings.push(...parsed.result.warnings);
  return findings;
}
