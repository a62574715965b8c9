/**
 * A simulated PC whose credentials the server refuses (INVALID_CREDENTIALS: the server's database was
 * replaced, or its host deleted) enrolls again with its machine id, stores the new credentials and hands them
 * to its running agent, which reconnects with them and keeps its outbox. The simulation holds the fleet's
 * enrollment secret, so it can; a real agent cannot, and waits for a person (see cli/run-command.ts).
 *
 * A renewal that fails (wrong secret, server unreachable) is tried again at the next refusal. Credentials
 * just renewed and refused all the same (another simulation with the same seed enrolled these PCs since) get
 * one refusal's grace first. Either way renewals follow the connection's slow refusal backoff: they never
 * become a loop of enrollments.
 */
import { ConnectRefusal } from '@fleetmedic/protocol/constants';
import type { Agent } from '../agent';
import type { SimulatedHost } from '../host/simulated/simulated-host';
import type { Refusal } from '../link/connection';
import { settlesWithin } from '../lifecycle/deadline';
import { type Logger, describeError } from '../logging/logger';
import { type IdentityOptions, enrollSimulatedHost } from './fleet-identity';

export class CredentialRenewal {
  private renewing: Promise<void> | undefined;
  private stopped = false;
  /** True from a renewal until its credentials are accepted or refused once. */
  private justRenewed = false;

  private readonly onRefused = (refusal: Refusal): void => {
    if (refusal.code !== ConnectRefusal.InvalidCredentials || this.renewing !== undefined || this.stopped) {
      return;
    }
    if (this.justRenewed) {
      this.justRenewed = false;
      return;
    }
    this.renewing = this.renew().finally(() => {
      this.renewing = undefined;
    });
  };

  private readonly onConnected = (): void => {
    this.justRenewed = false;
  };

  constructor(
    private readonly agent: Agent,
    private readonly host: SimulatedHost,
    private readonly options: IdentityOptions,
  ) {
    agent.on('refused', this.onRefused);
    agent.on('connected', this.onConnected);
  }

  private get logger(): Logger {
    return this.options.logger;
  }

  /** No more renewals; waits (up to `deadlineMs`) for one in progress, so its credentials file is whole. */
  async stop(deadlineMs: number): Promise<void> {
    this.stopped = true;
    this.agent.off('refused', this.onRefused);
    this.agent.off('connected', this.onConnected);
    if (this.renewing !== undefined) await settlesWithin(this.renewing, deadlineMs);
  }

  private async renew(): Promise<void> {
    const previousId = this.agent.hostId;
    try {
      const credentials = await enrollSimulatedHost(this.host, this.options);
      if (this.stopped) return;
      this.justRenewed = true;
      this.agent.replaceCredentials(credentials);
      this.logger.warn(
        { previousId, agentId: credentials.agentId },
        `the server refused ${this.host.hostname}'s credentials (was its database replaced?); enrolled it again`,
      );
    } catch (error) {
      this.logger.error(
        { previousId },
        `the server refused ${this.host.hostname}'s credentials and enrolling it again failed: ` +
          `${describeError(error)}; trying again after the next refusal`,
      );
    }
  }
}
