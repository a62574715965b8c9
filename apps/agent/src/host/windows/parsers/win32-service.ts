/**
 * Win32_Service instances from PowerShell: `Get-CimInstance Win32_Service | ConvertTo-Json` (the agent's
 * probe) and `Get-WmiObject Win32_Service | Format-List` (what people paste). WMI property names and the
 * State / StartMode values (`Running`, `Auto`) are not localized; DisplayName and Description are.
 */
import { serviceFailure } from './codes';
import { splitLines } from './lines';
import { startTypeFromWmiName, stateFromWmiName } from './scm-names';
import type { EvidenceLine, ParseResult, ServiceRecord } from './types';

type Properties = Record<string, unknown>;

function text(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number') return String(value);
  return null;
}

function integer(value: unknown): number | null {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  return null;
}

/** `Win32_Service.Name="wudfsvc"` in __PATH / __RELPATH / Path. */
function nameFromPath(properties: Properties): string | null {
  for (const key of ['__RELPATH', '__PATH', 'Path']) {
    const match = /Win32_Service\.Name="([^"]+)"/i.exec(text(properties[key]) ?? '');
    if (match?.[1] !== undefined) return match[1];
  }
  return null;
}

export function serviceFromProperties(properties: Properties, evidence: EvidenceLine[]): ServiceRecord {
  const win32ExitCode = integer(properties.ExitCode);
  const serviceSpecificExitCode = integer(properties.ServiceSpecificExitCode);
  const pid = integer(properties.ProcessId);
  const state = text(properties.State);
  const startMode = text(properties.StartMode);
  return {
    service: text(properties.Name) ?? nameFromPath(properties),
    displayName: text(properties.DisplayName),
    state: state === null ? null : stateFromWmiName(state),
    startType: startMode === null ? null : startTypeFromWmiName(startMode),
    win32ExitCode,
    serviceSpecificExitCode,
    pid: pid === null || pid === 0 ? null : pid,
    failure: serviceFailure(win32ExitCode, serviceSpecificExitCode),
    evidence,
  };
}

function fromJson(body: string): ParseResult<ServiceRecord> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return null;
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  const records = items
    .filter((item): item is Properties => typeof item === 'object' && item !== null)
    .map((item) => serviceFromProperties(item, []));
  return { records, warnings: records.length === 0 ? ['the JSON holds no Win32_Service object'] : [] };
}

/** `Name : Value` lines; an indented line continues the previous value; a blank line ends an instance. */
function fromList(body: string): ParseResult<ServiceRecord> {
  const records: ServiceRecord[] = [];
  let properties: Properties = {};
  let evidence: EvidenceLine[] = [];
  let last: string | null = null;
  const flush = (): void => {
    if (
      Object.keys(properties).length > 0 &&
      ('State' in properties || 'Name' in properties || '__PATH' in properties)
    ) {
      records.push(serviceFromProperties(properties, evidence));
    }
    properties = {};
    evidence = [];
    last = null;
  };
  for (const line of splitLines(body)) {
    if (line.text.trim() === '') {
      flush();
      continue;
    }
    const pair = /^([A-Za-z_][\w]*)\s*:\s?(.*)$/.exec(line.text);
    if (pair?.[1] !== undefined) {
      last = pair[1];
      if (last in properties) flush();
      properties[pair[1]] = (pair[2] ?? '').trim();
      evidence.push(line);
    } else if (last !== null && /^\s+\S/.test(line.text)) {
      properties[last] = `${text(properties[last]) ?? ''} ${line.text.trim()}`.trim();
    }
  }
  flush();
  return { records, warnings: records.length === 0 ? ['no Win32_Service property list found'] : [] };
}

export function parseWin32Service(body: string): ParseResult<ServiceRecord> {
  const trimmed = body.trim();
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    const json = fromJson(trimmed);
    if (json !== null) return json;
  }
  return fromList(body);
}
