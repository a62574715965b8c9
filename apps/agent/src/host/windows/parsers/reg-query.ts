/**
 * `reg query` output: key lines (`HKEY_LOCAL_MACHINE\…`, hive names are never translated) and value lines
 * (four spaces, name, four spaces, `REG_*` type, four spaces, data). A query for a key that does not exist
 * prints only a localized error (`ERROR: The system was unable to find …` / `错误: 系统找不到…`): no key
 * line means absent, whatever the words.
 */
import { splitLines } from './lines';
import { type RegistryValue, valueFromRegQuery } from './registry-values';
import type { EvidenceLine, ParseResult } from './types';

export interface RegistryKeyRecord {
  path: string;
  values: RegistryValue[];
  /** `.reg` files only: `[-HKEY_…]` deletes the key. */
  deleted: boolean;
  evidence: EvidenceLine[];
}

export interface RegQueryResult extends ParseResult<RegistryKeyRecord> {
  /** False when reg printed no key at all (the key or value does not exist, or access failed). */
  found: boolean;
  /** The error line reg printed instead of keys, when there is one. */
  error: EvidenceLine | null;
}

const KEY_LINE = /^(HKEY_(?:LOCAL_MACHINE|CURRENT_USER|USERS|CLASSES_ROOT|CURRENT_CONFIG)(?:\\.*)?)\s*$/;
const VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/;
const PROMPT = /^\s*(?:PS\s+)?[A-Za-z]:\\[^>]*>|^\s*PS\s/;

export function parseRegQuery(text: string): RegQueryResult {
  const records: RegistryKeyRecord[] = [];
  let current: RegistryKeyRecord | null = null;
  let error: EvidenceLine | null = null;
  for (const line of splitLines(text)) {
    const key = KEY_LINE.exec(line.text);
    if (key?.[1] !== undefined) {
      current = { path: key[1], values: [], deleted: false, evidence: [line] };
      records.push(current);
      continue;
    }
    const value = VALUE_LINE.exec(line.text);
    if (value?.[1] !== undefined && value[2] !== undefined && current !== null) {
      const raw = (value[3] ?? '').trimEnd();
      current.values.push({ name: value[1], type: value[2], raw, value: valueFromRegQuery(value[2], raw) });
      current.evidence.push(line);
      continue;
    }
    if (line.text.trim() === '' || PROMPT.test(line.text)) {
      if (PROMPT.test(line.text)) current = null;
      continue;
    }
    if (records.length === 0 && error === null && /[:：]/.test(line.text)) error = line;
  }
  const warnings =
    records.length === 0 && error === null
      ? ['no registry key line found: this is not reg query output']
      : [];
  return { records, found: records.length > 0, error, warnings };
}
