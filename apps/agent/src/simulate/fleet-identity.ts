/**
 * A simulated PC's identity: the credentials it enrolled with before (in `<stateDir>/<hostname>/agent.json`),
 * so that a restarted simulation keeps its hosts and their history, or fresh ones from the server. Enrolling
 * always presents the PC's machine id, so that enrolling again keeps its host on a server that knows it.
 */
import type { SimulatedHost } from '../host/simulated/simulated-host';
import {
  type AgentCredentials,
  CredentialsError,
  readCredentials,
  writeCredentials,
} from '../link/credentials';
import { enroll } from '../link/enrollment';
import { normalizeServerUrl } from '../link/server-url';
import { type Logger, describeError } from '../logging/logger';

export interface IdentityOptions {
  serverUrl: string;
  enrollSecret: string;
  /** This PC's own state directory. */
  stateDir: string;
  logger: Logger;
}

export type IdentityResult =
  | { host: SimulatedHost; ok: true; credentials: AgentCredentials; reused: boolean }
  | { host: SimulatedHost; ok: false; error: string };

/** Never throws: one PC that cannot enroll must not hide the others. */
export async function identifySimulatedHost(
  host: SimulatedHost,
  options: IdentityOptions,
): Promise<IdentityResult> {
  const serverUrl = normalizeServerUrl(options.serverUrl);
  try {
    const stored = await readStoredCredentials(options.stateDir, options.logger);
    if (stored !== null && stored.serverUrl === serverUrl)
      return { host, ok: true, credentials: stored, reused: true };
    return { host, ok: true, credentials: await enrollSimulatedHost(host, options), reused: false };
  } catch (error) {
    return { host, ok: false, error: describeError(error) };
  }
}

/** Enrolls the PC with its machine id and stores the credentials it gets; throws what enrollment throws. */
export async function enrollSimulatedHost(
  host: SimulatedHost,
  options: Omit<IdentityOptions, 'logger'>,
): Promise<AgentCredentials> {
  const serverUrl = normalizeServerUrl(options.serverUrl);
  const enrolled = await enroll({
    serverUrl,
    enrollSecret: options.enrollSecret,
    hostname: host.hostname,
    machineId: host.machineId,
  });
  const credentials: AgentCredentials = {
    serverUrl,
    agentId: enrolled.agentId,
    agentToken: enrolled.agentToken,
    enrolledAt: new Date().toISOString(),
    serverPublicKey: enrolled.serverPublicKey,
  };
  await writeCredentials(options.stateDir, credentials);
  return credentials;
}

/** A damaged credentials file is replaced by enrolling again: the machine id keeps the host's identity. */
async function readStoredCredentials(stateDir: string, logger: Logger): Promise<AgentCredentials | null> {
  try {
    return await readCredentials(stateDir);
  } catch (error) {
    if (!(error instanceof CredentialsError)) throw error;
    logger.warn(`${error.message}; enrolling again`);
    return null;
  }
}
