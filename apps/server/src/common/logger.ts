/**
 * Structured logs (pino, JSON lines on stdout) with secrets redacted wherever they might appear, and the
 * adapter that routes Nest's own log calls through the same logger.
 */
import type { LoggerService } from '@nestjs/common';
import pino, { type Logger } from 'pino';

/** Fields that may carry credentials; their values never reach a log line. */
export const REDACTED_PATHS = [
  'token',
  'agentToken',
  'enrollSecret',
  'password',
  'secret',
  'authorization',
  'cookie',
  'adminPassword',
  'bootstrapToken',
  '*.token',
  '*.agentToken',
  '*.enrollSecret',
  '*.password',
  '*.secret',
  '*.authorization',
  '*.cookie',
  '*.adminPassword',
  '*.bootstrapToken',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    base: { service: 'fleetmedic-server' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Nest passes `(message, ...optional, context)`: the context is the last string, a stack may precede it. */
function splitParams(params: unknown[]): { context?: string; trace?: string } {
  const strings = params.filter((param): param is string => typeof param === 'string');
  if (strings.length === 0) return {};
  if (strings.length === 1) {
    const only = strings[0] as string;
    return only.includes('\n') ? { trace: only } : { context: only };
  }
  return { trace: strings[0], context: strings[strings.length - 1] };
}

/** Nest's start-up chatter (every module, route and gateway) is debug, not info. */
const BOOT_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
  'NestFactory',
]);

export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...params: unknown[]): void {
    const fields = splitParams(params);
    if (fields.context !== undefined && BOOT_CONTEXTS.has(fields.context))
      this.logger.debug(fields, String(message));
    else this.logger.info(fields, String(message));
  }
  error(message: unknown, ...params: unknown[]): void {
    this.logger.error(splitParams(params), String(message));
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.logger.warn(splitParams(params), String(message));
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.logger.debug(splitParams(params), String(message));
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.logger.trace(splitParams(params), String(message));
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.logger.fatal(splitParams(params), String(message));
  }
}
