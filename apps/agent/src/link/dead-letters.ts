/**
 * Where observations go that the server will never accept: resending them forever would block everything
 * behind them, dropping them silently would hide a bug. They are kept in `dead-letters.jsonl` in the state
 * directory, one line per setting-aside, with the reason, for someone to look at:
 *
 *   {"setAsideAt":"…","error":{"code":"INVALID_MESSAGE","message":"…","issues":[…]},"batch":{"batchId":"…","observations":[…]}}
 *
 * `batch.observations` holds only the observations set aside, and the issue paths index into it.
 */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ObservationBatch, ProtocolIssue } from '@fleetmedic/protocol';
import type { ProtocolErrorCode } from '@fleetmedic/protocol/constants';

export const DEAD_LETTERS_FILE = 'dead-letters.jsonl';

/** The agent's own reason for setting an observation aside, beside the server's error codes. */
export const OBSERVATION_TOO_LARGE = 'OBSERVATION_TOO_LARGE';

/** Why observations were set aside: the server's error (INVALID_MESSAGE, HOST_MISMATCH), or the agent's. */
export interface SetAsideReason {
  code: ProtocolErrorCode | typeof OBSERVATION_TOO_LARGE;
  message: string;
  issues?: ProtocolIssue[];
}

export function deadLettersPath(stateDir: string): string {
  return join(stateDir, DEAD_LETTERS_FILE);
}

export async function appendDeadLetter(
  path: string,
  batch: ObservationBatch,
  reason: SetAsideReason,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const record = { setAsideAt: new Date().toISOString(), error: reason, batch };
  await appendFile(path, `${JSON.stringify(record)}\n`, { encoding: 'utf8', mode: 0o600, flush: true });
}
