/** Small builders for specs: an observation that passes the protocol, with what the test cares about changed. */
import type { Observation } from '@fleetmedic/protocol';
import { uuidv7 } from '../ids/uuid-v7';
import type { Logger } from '../logging/logger';

export const TEST_HOST_ID = '0190a6b0-0000-7000-8000-000000000001';

export function newObservation(overrides: Partial<Observation> = {}): Observation {
  return {
    id: uuidv7(),
    hostId: TEST_HOST_ID,
    check: 'service',
    target: 'Spooler',
    status: 'ok',
    code: null,
    codeOriginal: null,
    facts: { state: 'RUNNING' },
    evidence: [],
    observedAt: new Date().toISOString(),
    reason: 'change',
    ...overrides,
  };
}

/** A logger that keeps what it was told, for asserting on what a user would read in the log. */
export function recordingLogger(): {
  lines: { level: string; message: string }[];
  logger: Logger;
} {
  const lines: { level: string; message: string }[] = [];
  const at =
    (level: string) =>
    (first: object | string, second?: string): void => {
      lines.push({ level, message: typeof first === 'string' ? first : (second ?? '') });
    };
  const logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: () => logger,
  };
  return { lines, logger };
}
