/**
 * Registry reads with `reg.exe query <KeyName> [/v <ValueName>]`. reg.exe exits 0 when the key (or value)
 * exists and 1 when it does not; its listing (`    Name    REG_SZ    Data`) is the same in every language.
 */
import { type CommandLine, system32 } from '../exec/command-line';

const ROOTS = [
  'HKLM',
  'HKCU',
  'HKCR',
  'HKU',
  'HKCC',
  'HKEY_LOCAL_MACHINE',
  'HKEY_CURRENT_USER',
  'HKEY_CLASSES_ROOT',
  'HKEY_USERS',
  'HKEY_CURRENT_CONFIG',
];

export class InvalidRegistryPathError extends Error {
  constructor(readonly path: string) {
    super(`"${path}" is not a registry key path such as HKLM\\Software\\Microsoft\\Rpc\\Internet`);
    this.name = 'InvalidRegistryPathError';
  }
}

export function assertRegistryPath(path: string): string {
  const root = path.split('\\')[0]?.toUpperCase() ?? '';
  if (!ROOTS.includes(root) || /[\0\r\n"]/.test(path) || path.length > 512)
    throw new InvalidRegistryPathError(path);
  return path;
}

export function regQuery(path: string, valueName?: string): CommandLine {
  return {
    file: system32('reg.exe'),
    args: ['query', assertRegistryPath(path), ...(valueName === undefined ? [] : ['/v', valueName])],
    output: 'oem',
    timeoutMs: 10_000,
    okExitCodes: [0, 1],
  };
}

/** This PC's OEM code page: what console programs write their output in. */
export function oemCodePageQuery(): CommandLine {
  return regQuery('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\CodePage', 'OEMCP');
}

/**
 * The markers Windows leaves while a restart is pending, as servicing and update tooling reads them:
 * a key that exists, or a value that exists (and, for UpdateExeVolatile, is not 0).
 */
export const PENDING_REBOOT_MARKERS = [
  {
    reason: 'Component Based Servicing',
    path: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Component Based Servicing\\RebootPending',
  },
  {
    reason: 'Windows Update',
    path: 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired',
  },
  {
    reason: 'PendingFileRenameOperations',
    path: 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager',
    value: 'PendingFileRenameOperations',
  },
  { reason: 'UpdateExeVolatile', path: 'HKLM\\SOFTWARE\\Microsoft\\Updates', value: 'UpdateExeVolatile' },
] as const satisfies readonly { reason: string; path: string; value?: string }[];
