/**
 * esentutl output (/g integrity, /p repair, /mh header dump, /r recovery, /d defragmentation) on ESE
 * databases such as the catalog database `catroot2\{F750E6C3-…}\catdb`. The verdict is read from the JET
 * error esentutl ends with, `-1206 (JET_errDatabaseCorrupted, …)` / `-1018 (JET_errReadVerifyFailure, …)`,
 * normalized to its HRESULT form (-1018 → 0x8e5e03fa). The `/mh` header fields are returned as printed.
 */
import { codeRef } from './codes';
import { splitLines } from './lines';
import type { CodeRef, EvidenceLine, ParseResult } from './types';

export type EsentutlMode =
  'integrity' | 'repair' | 'file-dump' | 'recovery' | 'defragmentation' | 'checksum' | 'copy';

export interface EsentutlRecord {
  mode: EsentutlMode | null;
  database: string | null;
  failure: CodeRef | null;
  /** `label: value` lines of a /mh header dump, as printed (`State`, `Log Required`, `Format ulVersion` …). */
  fields: Record<string, string>;
  evidence: EvidenceLine[];
}

const MODE_BY_SWITCH: Readonly<Record<string, EsentutlMode>> = {
  g: 'integrity',
  p: 'repair',
  m: 'file-dump',
  mh: 'file-dump',
  mm: 'file-dump',
  mk: 'file-dump',
  ml: 'file-dump',
  r: 'recovery',
  d: 'defragmentation',
  k: 'checksum',
  y: 'copy',
};

const COMMAND = /esentutl(?:\.exe)?\s+\/(\w+)\s+("?)([^"\s]+(?:\s[^"/]+)?)\2/i;
const JET_ERROR = /(-\d{1,5})\s*\((JET_err\w+)/;
const BARE_JET_ERROR = /\berror\s+(-\d{3,5})\b/i;
const FIELD = /^\s*([A-Za-z][\w .()/-]{0,40}?):\s+(\S.*?)\s*$/;

export function parseEsentutlOutput(text: string): ParseResult<EsentutlRecord> {
  const lines = splitLines(text);
  const record: EsentutlRecord = { mode: null, database: null, failure: null, fields: {}, evidence: [] };
  for (const line of lines) {
    const command = COMMAND.exec(line.text);
    if (command?.[1] !== undefined) {
      record.mode = MODE_BY_SWITCH[command[1].toLowerCase()] ?? record.mode;
      record.database ??= command[3] ?? null;
      record.evidence.push(line);
      continue;
    }
    const jet = JET_ERROR.exec(line.text) ?? BARE_JET_ERROR.exec(line.text);
    if (jet?.[1] !== undefined && record.failure === null) {
      record.failure = codeRef(jet[1], jet[1], 'jet', jet[2] ?? null);
      record.evidence.push(line);
      continue;
    }
    const field = FIELD.exec(line.text);
    if (field?.[1] !== undefined && field[2] !== undefined) {
      const label = field[1].trim();
      record.fields[label] ??= field[2];
      if (label === 'Database') record.database ??= field[2];
    }
  }
  const found = record.mode !== null || record.failure !== null || Object.keys(record.fields).length > 0;
  return {
    records: found ? [record] : [],
    warnings: found
      ? []
      : ['no esentutl command, JET error or header field found: this is not esentutl output'],
  };
}
