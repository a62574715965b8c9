/**
 * `sc qc` output to service records: start type from the start-type number, display name from its field
 * position (its label is translated, e.g. `Выводимое_имя`). See sc-blocks.ts for the layout.
 */
import { splitLines } from './lines';
import { type ScBlock, leadingNumber, readScBlocks } from './sc-blocks';
import { type ScOutput, collectErrors } from './sc-query';
import { startTypeFromNumber } from './scm-names';
import type { ServiceRecord } from './types';

/** Field positions of a config block (sc qc). */
const CONFIG = { startType: 1, displayName: 6 } as const;

export function configRecord(block: ScBlock): ServiceRecord {
  const startType = leadingNumber(block.fields[CONFIG.startType]?.value);
  const displayName = block.fields[CONFIG.displayName]?.value ?? '';
  return {
    service: block.headers[0] ?? null,
    displayName: displayName === '' ? null : displayName,
    state: null,
    startType: startType === null ? null : startTypeFromNumber(startType),
    win32ExitCode: null,
    serviceSpecificExitCode: null,
    pid: null,
    failure: null,
    evidence: block.lines.map((line) => ({ line: line.line, text: line.text })),
  };
}

/** Parse `sc qc` output: one record per configuration block, in order. */
export function parseScQc(text: string): ScOutput {
  const { blocks, errors } = readScBlocks(splitLines(text));
  const records = blocks.filter((block) => block.kind === 'config').map(configRecord);
  const warnings: string[] = [];
  for (const record of records) {
    if (record.startType === null) {
      warnings.push(
        `${record.service ?? 'a service'}: the start type line has no known SCM start type number`,
      );
    }
  }
  if (records.length === 0 && errors.length === 0) {
    warnings.push('no sc qc configuration block found: this is not sc qc output');
  }
  return { records, errors: collectErrors(errors), warnings };
}
