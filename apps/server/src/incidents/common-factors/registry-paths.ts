/**
 * Registry paths as common-factor analysis compares and shows them. Agents may spell one key several ways
 * (`HKEY_LOCAL_MACHINE\SOFTWARE\…`, `HKLM\Software\…`), and Windows treats them as one key, so the analysis
 * must too. A fleet reports the same few paths thousands of times, so each spelling is normalized once.
 */
import { registryKeyId } from '@fleetmedic/knowledge';

const SHORT_ROOTS: Readonly<Record<string, string>> = {
  hkey_local_machine: 'HKLM',
  hklm: 'HKLM',
  hkey_current_user: 'HKCU',
  hkcu: 'HKCU',
  hkey_classes_root: 'HKCR',
  hkcr: 'HKCR',
  hkey_users: 'HKU',
  hku: 'HKU',
  hkey_current_config: 'HKCC',
  hkcc: 'HKCC',
};

/** How people read a path: short upper-case root, the rest as reported, single backslashes, no trailing one. */
export function registryDisplayPath(path: string): string {
  const [root, ...rest] = path
    .trim()
    .split(/\\+/)
    .filter((part) => part !== '');
  if (root === undefined) return '';
  return [SHORT_ROOTS[root.toLowerCase()] ?? root, ...rest].join('\\');
}

/**
 * A value name compared the way Windows compares it: case-insensitively. reg.exe prints the unnamed default
 * value as `(Default)` translated into the PC's language; any parenthesized name is taken as that value so a
 * localized fleet does not split one fact in two (a real value name in parentheses is vanishingly rare).
 */
export function registryValueNameId(name: string): string {
  const trimmed = name.trim();
  return /^\(.*\)$/.test(trimmed) ? '(default)' : trimmed.toLowerCase();
}

/** Comparison ids and display spellings of registry paths, each computed once per spelling. */
export class RegistryPathCache {
  private readonly ids = new Map<string, string>();
  private readonly displays = new Map<string, string>();

  id(path: string): string {
    let id = this.ids.get(path);
    if (id === undefined) {
      id = registryKeyId(path);
      this.ids.set(path, id);
    }
    return id;
  }

  display(path: string): string {
    let display = this.displays.get(path);
    if (display === undefined) {
      display = registryDisplayPath(path);
      this.displays.set(path, display);
    }
    return display;
  }
}
