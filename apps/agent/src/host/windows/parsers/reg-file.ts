/**
 * Registry export files (`reg export`, regedit; `Windows Registry Editor Version 5.00` or `REGEDIT4`):
 * `[HKEY_…]` / `[-HKEY_…]` sections, `"name"=…` / `@=…` values with `dword:`, `hex:`, `hex(n):` data and
 * `\` line continuations. Exports are UTF-16 LE with a BOM: decode them with `decodeOutput` first.
 * Text that went through a word processor or blog (typographic quotes, spaces inside hex lists) is read
 * with a warning instead of being rejected.
 */
import { splitLines } from './lines';
import type { RegistryKeyRecord } from './reg-query';
import { type RegistryData, type RegistryValue, bytesFromHexList, utf16Strings } from './registry-values';
import type { EvidenceLine, ParseResult } from './types';

export interface RegFileResult extends ParseResult<RegistryKeyRecord> {
  /** `5.00` or `4`, from the header line; null when the header is missing. */
  version: string | null;
}

const HEADER = /^(?:Windows Registry Editor Version (\d+\.\d+)|REGEDIT(\d))\s*$/;
const SECTION = /^\[(-?)(HKEY_[^\]]+)\]\s*$/;
const VALUE = /^(@|"((?:[^"\\]|\\.)*)")\s*=\s*(.*)$/;
const HEX_TYPES: Readonly<Record<string, string>> = {
  '0': 'REG_NONE',
  '1': 'REG_SZ',
  '2': 'REG_EXPAND_SZ',
  '3': 'REG_BINARY',
  '4': 'REG_DWORD',
  '5': 'REG_DWORD_BIG_ENDIAN',
  '7': 'REG_MULTI_SZ',
  b: 'REG_QWORD',
};

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function readData(data: string): { type: string; value: RegistryData } | null {
  if (data === '-') return { type: 'DELETE', value: null };
  const text = /^"((?:[^"\\]|\\.)*)"$/.exec(data);
  if (text?.[1] !== undefined) return { type: 'REG_SZ', value: unescape(text[1]) };
  const dword = /^dword:([0-9a-f]{1,8})$/i.exec(data);
  if (dword?.[1] !== undefined) return { type: 'REG_DWORD', value: Number.parseInt(dword[1], 16) };
  const hex = /^hex(?:\(([0-9a-f]+)\))?:(.*)$/i.exec(data);
  if (hex?.[2] !== undefined) {
    const type =
      hex[1] === undefined ? 'REG_BINARY' : (HEX_TYPES[hex[1].toLowerCase()] ?? `REG_TYPE_${hex[1]}`);
    const bytes = bytesFromHexList(hex[2]);
    if (bytes === null) return null;
    if (type === 'REG_MULTI_SZ') return { type, value: utf16Strings(bytes) };
    if (type === 'REG_SZ' || type === 'REG_EXPAND_SZ') return { type, value: utf16Strings(bytes)[0] ?? '' };
    if (type === 'REG_QWORD' && bytes.length === 8) {
      return { type, value: bytes.reduceRight((sum, byte) => (sum << 8n) | BigInt(byte), 0n) };
    }
    return { type, value: bytes.map((byte) => byte.toString(16).padStart(2, '0')).join('') };
  }
  return null;
}

export function parseRegFile(text: string): RegFileResult {
  const warnings: string[] = [];
  const records: RegistryKeyRecord[] = [];
  let version: string | null = null;
  let current: RegistryKeyRecord | null = null;
  let typographic = false;
  const lines = splitLines(text);
  for (let index = 0; index < lines.length; index += 1) {
    const first = lines[index];
    if (first === undefined) continue;
    const physical: EvidenceLine[] = [first];
    let logical = first.text.trim();
    while (logical.endsWith('\\') && index + 1 < lines.length) {
      index += 1;
      const next = lines[index];
      if (next === undefined) break;
      physical.push(next);
      logical = logical.slice(0, -1) + next.text.trim();
    }
    if (/[“”„]/.test(logical)) {
      typographic = true;
      logical = logical.replace(/[“”„]/g, '"');
    }
    const header = HEADER.exec(logical);
    if (header !== null) {
      version = header[1] ?? header[2] ?? null;
      continue;
    }
    if (logical === '' || logical.startsWith(';')) continue;
    const section = SECTION.exec(logical);
    if (section?.[2] !== undefined) {
      current = { path: section[2], values: [], deleted: section[1] === '-', evidence: [...physical] };
      records.push(current);
      continue;
    }
    const value = VALUE.exec(logical);
    if (value !== null && current !== null) {
      const name = value[1] === '@' ? '@' : unescape(value[2] ?? '');
      const data = readData((value[3] ?? '').trim());
      if (data === null) {
        warnings.push(`line ${first.line}: value data not understood: ${(value[3] ?? '').trim()}`);
        continue;
      }
      const item: RegistryValue = { name, type: data.type, raw: (value[3] ?? '').trim(), value: data.value };
      current.values.push(item);
      current.evidence.push(...physical);
      continue;
    }
    warnings.push(`line ${first.line}: not a .reg section or value line`);
  }
  if (version === null) warnings.push('no "Windows Registry Editor Version 5.00" / "REGEDIT4" header');
  if (typographic)
    warnings.push('typographic quotes (“ ”) were read as straight quotes: regedit would reject this file');
  if (records.length === 0) warnings.push('no [HKEY_…] section found: this is not a .reg file');
  return { records, version, warnings };
}
