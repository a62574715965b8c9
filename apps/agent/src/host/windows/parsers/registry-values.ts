/**
 * Registry value data as `reg query` prints it and as .reg files encode it, turned into plain values.
 */
export type RegistryData = string | number | bigint | string[] | null;

export interface RegistryValue {
  /** `(Default)` or its localized form for the default value, as printed. */
  name: string;
  /** `REG_SZ`, `REG_DWORD`, `REG_MULTI_SZ`, `REG_EXPAND_SZ`, `REG_BINARY`, `REG_QWORD`, `REG_NONE` … */
  type: string;
  /** The data as printed or as written in the file. */
  raw: string;
  value: RegistryData;
}

/** reg.exe's rendering of value data (`0xd3d`, `RPCSS\0http`, hex bytes without separators). */
export function valueFromRegQuery(type: string, raw: string): RegistryData {
  switch (type) {
    case 'REG_DWORD':
    case 'REG_DWORD_BIG_ENDIAN':
      return /^0x[0-9a-f]+$/i.test(raw) ? Number.parseInt(raw, 16) : null;
    case 'REG_QWORD':
      return /^0x[0-9a-f]+$/i.test(raw) ? BigInt(raw) : null;
    case 'REG_MULTI_SZ':
      return raw === ''
        ? []
        : raw.split('\\0').filter((part, index, parts) => part !== '' || index < parts.length - 1);
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
    case 'REG_BINARY':
    default:
      return raw;
  }
}

/** Bytes of a `.reg` `hex(n):` list (`35,00,30,00` with `\` continuations already joined). */
export function bytesFromHexList(list: string): number[] | null {
  const compact = list.replace(/\s+/g, '');
  if (compact === '') return [];
  const parts = compact.split(',').filter((part) => part !== '');
  if (!parts.every((part) => /^[0-9a-f]{1,2}$/i.test(part))) return null;
  return parts.map((part) => Number.parseInt(part, 16));
}

/** UTF-16 LE strings of REG_SZ / REG_EXPAND_SZ / REG_MULTI_SZ data, split at NULs. */
export function utf16Strings(bytes: readonly number[]): string[] {
  const strings: string[] = [];
  let current = '';
  for (let index = 0; index + 1 < bytes.length; index += 2) {
    const code = (bytes[index] ?? 0) | ((bytes[index + 1] ?? 0) << 8);
    if (code === 0) {
      strings.push(current);
      current = '';
    } else {
      current += String.fromCharCode(code);
    }
  }
  if (current !== '') strings.push(current);
  // A MULTI_SZ ends with an empty string (the double NUL); it is not a value.
  while (strings.length > 0 && strings[strings.length - 1] === '') strings.pop();
  return strings;
}
