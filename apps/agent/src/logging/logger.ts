/**
 * The logging surface the agent's modules need. pino's Logger satisfies it; library users (tests, benchmarks,
 * the e2e suite) may pass nothing and get silence.
 */
export interface LogFn {
  (message: string): void;
  (context: object, message: string): void;
}

export interface Logger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
  child(bindings: Record<string, unknown>): Logger;
}

const ignore: LogFn = () => undefined;

export const silentLogger: Logger = {
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
  child: () => silentLogger,
};

/** An error's message for a log line or an observation's evidence, whatever was thrown. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
