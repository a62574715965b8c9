/**
 * Where the agent keeps its credentials, outbox and dead letters when `--state-dir` is not given: the
 * machine-wide ProgramData on Windows (the agent runs as a service), a directory under the current one
 * elsewhere (development, simulation).
 */
import { join, resolve } from 'node:path';

export type StateDirPurpose = 'agent' | 'simulate';

export function defaultStateDir(purpose: StateDirPurpose): string {
  if (process.platform === 'win32') {
    const programData = process.env.ProgramData ?? 'C:\\ProgramData';
    return join(programData, 'FleetMedic', ...(purpose === 'simulate' ? ['simulate'] : []));
  }
  return resolve('.state', purpose);
}
