/**
 * Sysinternals PsService output. `psservice query` prints sc's status block layout (single-spaced, with a
 * description line after DISPLAY_NAME), so it is read by the sc block reader.
 */
import { type ScOutput, parseScQuery } from './sc-query';

export function parsePsService(text: string): ScOutput {
  const result = parseScQuery(text);
  if (result.records.length === 0 && result.errors.length === 0) {
    return { ...result, warnings: ['no PsService query block found: this is not PsService output'] };
  }
  return result;
}
