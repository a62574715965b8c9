/** `fleetmedic-agent enroll`: trade the fleet's enrollment secret for this agent's own id and token. */
import { hostname } from 'node:os';
import { SimulatedHost } from '../host/simulated/simulated-host';
import { writeCredentials } from '../link/credentials';
import { enroll } from '../link/enrollment';
import { normalizeServerUrl } from '../link/server-url';
import type { Logger } from '../logging/logger';
import { windowsHostForCli } from './windows-host-for-cli';

export interface EnrollCommandOptions {
  server: string;
  enrollSecret: string;
  stateDir: string;
  /** Enroll as the simulated PC that `run --simulated --seed` will run. */
  simulated: boolean;
  seed: number;
}

export async function enrollCommand(options: EnrollCommandOptions, logger: Logger): Promise<void> {
  const serverUrl = normalizeServerUrl(options.server);
  // Windows' MachineGuid identifies the PC, so that reinstalling the agent keeps its identity and history.
  const identity = options.simulated
    ? new SimulatedHost({ seed: options.seed })
    : {
        hostname: hostname(),
        machineId: (await windowsHostForCli(options, logger).machineId()) ?? undefined,
      };
  const enrolled = await enroll({
    serverUrl,
    enrollSecret: options.enrollSecret,
    hostname: identity.hostname,
    machineId: identity.machineId,
  });
  const path = await writeCredentials(options.stateDir, {
    serverUrl,
    agentId: enrolled.agentId,
    agentToken: enrolled.agentToken,
    enrolledAt: new Date().toISOString(),
    serverPublicKey: enrolled.serverPublicKey,
  });
  logger.info({ agentId: enrolled.agentId, hostname: identity.hostname, credentials: path }, 'enrolled');
  process.stdout.write(`enrolled ${identity.hostname} as ${enrolled.agentId}; credentials in ${path}\n`);
}
