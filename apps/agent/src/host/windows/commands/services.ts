/**
 * Reading services: CIM (`Win32_Service`) through PowerShell as JSON first — its property values are not
 * localized — and `sc.exe queryex` / `sc.exe qc` as the fallback when PowerShell or WMI is broken.
 */
import { type CommandLine, system32 } from '../exec/command-line';
import { powerShell } from './powershell';

/** Service key names are letters, digits and a few punctuation marks; anything else is refused, not quoted. */
const SERVICE_NAME = /^[A-Za-z0-9_.$-][A-Za-z0-9_.$ -]{0,255}$/;

export class InvalidServiceNameError extends Error {
  constructor(readonly serviceName: string) {
    super(
      `"${serviceName}" is not a service name the agent will query (letters, digits, _ . $ - and spaces only)`,
    );
    this.name = 'InvalidServiceNameError';
  }
}

export function assertServiceName(name: string): string {
  if (!SERVICE_NAME.test(name)) throw new InvalidServiceNameError(name);
  return name;
}

/** The properties the agent reads, as `Get-CimInstance` returns them. */
export const WIN32_SERVICE_PROPERTIES = [
  'Name',
  'DisplayName',
  'State',
  'StartMode',
  'DelayedAutoStart',
  'ExitCode',
  'ServiceSpecificExitCode',
  'ProcessId',
] as const;

/** `Get-CimInstance -ClassName Win32_Service -Filter "Name='Spooler' OR Name='BITS'"` as a JSON array. */
export function win32ServiceQuery(names: readonly string[]): CommandLine {
  const filter = names.map((name) => `Name='${assertServiceName(name)}'`).join(' OR ');
  const script =
    `$services = @(Get-CimInstance -ClassName Win32_Service -Filter "${filter}" | ` +
    `Select-Object -Property ${WIN32_SERVICE_PROPERTIES.join(',')}); ` +
    'ConvertTo-Json -InputObject $services -Compress -Depth 2';
  return powerShell(script);
}

/** `sc.exe queryex <name>`: state, exit codes and PID. Exit code 1060 means the service does not exist. */
export function scQueryEx(name: string, env = process.env): CommandLine {
  return {
    file: system32('sc.exe', env),
    args: ['queryex', assertServiceName(name)],
    output: 'oem',
    timeoutMs: 10_000,
    okExitCodes: [0, 1060],
  };
}

/** `sc.exe qc <name>`: start type and display name. */
export function scQc(name: string, env = process.env): CommandLine {
  return {
    file: system32('sc.exe', env),
    args: ['qc', assertServiceName(name)],
    output: 'oem',
    timeoutMs: 10_000,
    okExitCodes: [0, 1060],
  };
}
