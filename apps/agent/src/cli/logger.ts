/** The CLI's logger: pino, JSON lines on stderr (stdout is for results people and scripts read). */
import pino from 'pino';
import type { Logger } from '../logging/logger';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export function createCliLogger(level: string): Logger {
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new Error(`unknown log level "${level}": expected one of ${LOG_LEVELS.join(', ')}`);
  }
  return pino({ level, base: { pid: process.pid } }, pino.destination({ dest: 2, sync: true }));
}
