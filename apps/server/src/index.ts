/** What end-to-end tests and benchmarks use to run a real server in-process. */
export { loadConfig, ConfigError } from './config/config';
export type { ServerConfig } from './config/config.schema';
export { startServer, type RunningServer, type StartOptions } from './server';
