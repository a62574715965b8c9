/** The Windows host as the command line builds it: only on Windows, with the agent's watch list. */
import { DEFAULT_WATCHED_REGISTRY_KEYS } from '../checks/watch-list';
import { WindowsHost } from '../host/windows/windows-host';
import type { Logger } from '../logging/logger';
import { AGENT_VERSION } from '../version';

export interface WindowsHostCliOptions {
  stateDir: string;
  tag?: string[];
  site?: string;
}

export function windowsHostForCli(options: WindowsHostCliOptions, logger: Logger): WindowsHost {
  if (process.platform !== 'win32') {
    throw new Error(
      `this is ${process.platform}, not Windows: the agent reads Windows PCs; run with --simulated to observe a simulated PC`,
    );
  }
  return new WindowsHost({
    stateDir: options.stateDir,
    agentVersion: AGENT_VERSION,
    watchedRegistryKeys: DEFAULT_WATCHED_REGISTRY_KEYS,
    tags: options.tag ?? [],
    site: options.site ?? null,
    onFallback: (reason) => logger.warn({ reason }, 'CIM failed; services read with sc.exe instead'),
  });
}
