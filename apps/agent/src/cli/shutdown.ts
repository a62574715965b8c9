/**
 * The CLI's one signal handler: the first SIGINT/SIGTERM starts a graceful teardown bounded by a hard
 * deadline; a second signal, or the deadline, ends the process at once.
 */
import type { Logger } from '../logging/logger';

export const SHUTDOWN_DEADLINE_MS = 10_000;

export function exitOnSignal(
  teardown: () => Promise<void>,
  logger: Logger,
  deadlineMs = SHUTDOWN_DEADLINE_MS,
): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    const hardDeadline = setTimeout(() => {
      logger.error({ deadlineMs }, 'teardown did not finish in time: exiting anyway');
      process.exit(1);
    }, deadlineMs);
    teardown().then(
      () => {
        clearTimeout(hardDeadline);
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'teardown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
