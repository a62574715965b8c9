/**
 * Registry paths compared the way Windows compares them: case-insensitively, with either spelling of the
 * root key (`HKEY_LOCAL_MACHINE\SOFTWARE\…` and `HKLM\Software\…` are the same key).
 */
const ROOT_ABBREVIATIONS: Readonly<Record<string, string>> = {
  hkey_local_machine: 'hklm',
  hkey_current_user: 'hkcu',
  hkey_classes_root: 'hkcr',
  hkey_users: 'hku',
  hkey_current_config: 'hkcc',
};

/** A comparison key for a registry path: lower-case, short root, single backslashes, no trailing one. */
export function registryKeyId(path: string): string {
  const parts = path
    .trim()
    .toLowerCase()
    .split(/\\+/)
    .filter((part) => part !== '');
  const [root, ...rest] = parts;
  if (root === undefined) return '';
  return [ROOT_ABBREVIATIONS[root] ?? root, ...rest].join('\\');
}

export function sameRegistryKey(a: string, b: string): boolean {
  return registryKeyId(a) === registryKeyId(b);
}
