/** `fleetmedic-agent run`: the agent for this PC, until a signal stops it. */
import { ConnectRefusal } from '@fleetmedic/protocol/constants';
import { Agent } from '../agent';
import type { Host } from '../host/host';
import { SimulatedHost } from '../host/simulated/simulated-host';
import { credentialsPath, readCredentials } from '../link/credentials';
import type { Logger } from '../logging/logger';
import { describePolicy, resolveLocalPolicy } from '../remediation/local-policy';
import type { StepRunner } from '../remediation/step-runner';
import { exitOnSignal } from './shutdown';
import { windowsHostForCli } from './windows-host-for-cli';

export interface RunCommandOptions {
  stateDir: string;
  simulated: boolean;
  seed: number;
  probeInterval?: number;
  /** Tags and site reported in the host facts (for grouping and common-factor analysis). */
  tag?: string[];
  site?: string;
  /** `--remediation on|off`; kept in the state directory. */
  remediation?: boolean;
  /** `--allow-playbooks`; kept in the state directory. */
  allowPlaybooks?: readonly string[] | 'all';
}

export async function runCommand(options: RunCommandOptions, logger: Logger): Promise<void> {
  const { agent } = await agentFromStateDir(options, logger);
  exitOnSignal(() => agent.stop(), logger);
  await agent.start();
  logger.info(
    { agentId: agent.hostId, server: agent.serverUrl, outbox: agent.outboxDepth },
    options.simulated ? 'agent running (simulated host)' : 'agent running',
  );
}

/**
 * The agent the state directory's credentials describe, not started yet. It says what to do when the server
 * refuses those credentials: `run` has no enrollment secret, so it cannot enroll again by itself. It keeps
 * retrying slowly meanwhile, so that the agent comes back by itself once someone enrolls it again.
 */
export async function agentFromStateDir(
  options: RunCommandOptions,
  logger: Logger,
): Promise<{ agent: Agent; host: Host }> {
  const credentials = await readCredentials(options.stateDir);
  if (credentials === null) {
    throw new Error(
      `not enrolled: ${credentialsPath(options.stateDir)} does not exist; ` +
        `run \`fleetmedic-agent enroll --server URL --enroll-secret SECRET${options.simulated ? ' --simulated' : ''}\` first`,
    );
  }
  let host: Host;
  let steps: StepRunner;
  if (options.simulated) {
    const simulated = new SimulatedHost({ seed: options.seed });
    host = simulated;
    steps = simulated;
  } else {
    const windows = windowsHostForCli(options, logger);
    host = windows;
    steps = windows.remediationSteps();
  }
  const { policy, kept } = await resolveLocalPolicy(options.stateDir, {
    remediation: options.remediation,
    allowPlaybooks: options.allowPlaybooks,
  });
  logger.info(
    { policy: kept, pinnedServerKey: credentials.serverPublicKey !== undefined },
    credentials.serverPublicKey === undefined
      ? `${describePolicy(policy)}, but no server key is pinned: enroll again to run remediation jobs`
      : describePolicy(policy),
  );
  const agent = new Agent({
    host,
    credentials,
    stateDir: options.stateDir,
    logger,
    probeIntervalMs: options.probeInterval,
    remediation: { steps, policy },
  });
  agent.on('refused', (refusal) => {
    if (refusal.code === ConnectRefusal.Revoked) {
      logger.error(
        { agentId: credentials.agentId, server: credentials.serverUrl },
        'an admin revoked this agent; it reports nothing until it is enrolled again with `fleetmedic-agent enroll`',
      );
      return;
    }
    if (refusal.code !== ConnectRefusal.InvalidCredentials) return;
    logger.error(
      {
        agentId: credentials.agentId,
        server: credentials.serverUrl,
        credentials: credentialsPath(options.stateDir),
      },
      "this agent's credentials were refused; enroll it again with `fleetmedic-agent enroll` " +
        `(the server at ${credentials.serverUrl} no longer knows agent ${credentials.agentId}); ` +
        'retrying meanwhile',
    );
  });
  return { agent, host };
}
