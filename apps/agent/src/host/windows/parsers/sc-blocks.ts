/**
 * Reads the block layout that sc.exe (query, queryex, qc, start) and PsService print, without reading a
 * single label: Windows translates the labels (`STATE`, `Состояние`, `Тип_запуска` …), not the layout.
 *
 *   SERVICE_NAME: Spooler                     <- header: unindented, no blank before the colon
 *           TYPE               : 110  WIN32_OWN_PROCESS (interactive)
 *           STATE              : 4  RUNNING   <- fields: indented or padded before the colon, in a fixed order
 *                                   (STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)   <- continuation
 *
 * A block is a status block (query/queryex: type, state, exit codes, checkpoint, wait hint, [pid, flags])
 * or a config block (qc: type, start type, error control, binary path, group, tag, display name,
 * dependencies, start name); which one is told by the SCM name after the number in the second field and,
 * failing that, by the shape of the values.
 */
import { unquote } from './lines';
import { START_TYPE_NAMES, STATE_NAMES } from './scm-names';
import type { EvidenceLine } from './types';

export interface ScField {
  value: string;
  line: EvidenceLine;
}

export interface ScBlock {
  kind: 'status' | 'config' | 'unknown';
  /** Values of the unindented `LABEL: value` header lines, in order (service name, then display name). */
  headers: string[];
  fields: ScField[];
  lines: EvidenceLine[];
}

/** `[SC] OpenService FAILED 1060:` in any language: the API name and the Win32 error before the final colon. */
export interface ScErrorLine {
  api: string;
  win32Error: number;
  line: EvidenceLine;
  /** The localized message sc prints on the next non-empty line. */
  message: EvidenceLine | null;
  /** The service named by the command line typed before it (`sc query npcap`), when there is one. */
  commandService: string | null;
}

export interface ScReadResult {
  blocks: ScBlock[];
  errors: ScErrorLine[];
}

const HEADER = /^([^\s:[\]>][^\s:]{2,}):\s*(.*)$/;
const FIELD = /^(\s+\S.*?|\S+?\s+):\s?(.*)$/;
const CONTINUATION = /^\s+\S/;
const SC_ERROR = /^\[SC\]\s*([A-Za-z][\w]*)\b.*?(\d+):\s*$/;
const COMMAND =
  /(?:^|[>\s])(?:sc(?:\.exe)?|psservice(?:\.exe)?)\s+(?:\\\\\S+\s+)?(?:query|queryex|qc|start|stop|config)\s+"?([^\s"]+)"?/i;
const NUMBER_AND_NAME = /^(\d+)\s+([A-Z_0-9]+)\b/;
const EXIT_CODE_SHAPE = /^-?\d+\s+\(0x[0-9a-f]+\)$/i;

function classify(fields: ScField[]): ScBlock['kind'] {
  const second = fields[1]?.value ?? '';
  const word = NUMBER_AND_NAME.exec(second)?.[2];
  if (word !== undefined && STATE_NAMES.has(word)) return 'status';
  if (word !== undefined && START_TYPE_NAMES.has(word)) return 'config';
  if (EXIT_CODE_SHAPE.test(fields[2]?.value ?? '')) return 'status';
  if (fields.length >= 7) return 'config';
  return 'unknown';
}

export function readScBlocks(lines: readonly EvidenceLine[]): ScReadResult {
  const blocks: ScBlock[] = [];
  const errors: ScErrorLine[] = [];
  let current: ScBlock | null = null;
  let commandService: string | null = null;

  const close = (): void => {
    if (current !== null && current.fields.length > 0) {
      current.kind = classify(current.fields);
      blocks.push(current);
    }
    current = null;
  };

  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index];
    if (line === undefined) continue;
    const text = unquote(line.text);
    if (text.trim() === '') {
      // sc prints a blank line between blocks; a blank inside a header run (pasted output) is tolerated.
      if (current !== null && current.fields.length > 0) close();
      continue;
    }
    const command = COMMAND.exec(text);
    if (command?.[1] !== undefined) {
      close();
      commandService = command[1];
      continue;
    }
    const scError = SC_ERROR.exec(text.trim());
    if (scError?.[1] !== undefined && scError[2] !== undefined) {
      close();
      const next = lines.slice(index + 1).find((candidate) => unquote(candidate.text).trim() !== '') ?? null;
      errors.push({
        api: scError[1],
        win32Error: Number(scError[2]),
        line,
        message: next === null || SC_ERROR.test(unquote(next.text).trim()) ? null : next,
        commandService,
      });
      continue;
    }
    const header = HEADER.exec(text);
    if (header?.[2] !== undefined && !/^\s/.test(text) && !text.startsWith('[')) {
      if (current === null || current.fields.length > 0) {
        close();
        current = { kind: 'unknown', headers: [], fields: [], lines: [] };
      }
      current.headers.push(header[2].trim());
      current.lines.push(line);
      continue;
    }
    if (current === null) continue;
    const field = FIELD.exec(text);
    const label = field?.[1]?.trim() ?? '';
    if (field?.[2] !== undefined && label !== '') {
      current.fields.push({ value: field[2].trim(), line });
      current.lines.push(line);
      continue;
    }
    if (CONTINUATION.test(text) || (field !== null && label === '')) {
      // `(STOPPABLE, …)` under STATE, or `: http` under DEPENDENCIES.
      current.lines.push(line);
      continue;
    }
    if (current.fields.length === 0) {
      // PsService prints the description (often `(null)`) between the headers and the fields.
      current.lines.push(line);
      continue;
    }
    close();
  }
  close();
  return { blocks, errors };
}

/** The leading integer of a field value (`4  RUNNING` → 4, `1067  (0x42b)` → 1067), or null. */
export function leadingNumber(value: string | undefined): number | null {
  const match = /^(-?\d+)\b/.exec(value ?? '');
  return match?.[1] === undefined ? null : Number(match[1]);
}
