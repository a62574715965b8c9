/**
 * The `/live` namespace: dashboards connect and receive host and fleet changes as they happen. Host
 * changes are coalesced for a few milliseconds, so a burst of reports becomes one update per host.
 * A connection needs the session cookie or an API token (`auth: { token }`), as the REST API does, and
 * closes as soon as those credentials stop working (logout, revoked token, disabled user).
 */
import { Inject, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import {
  ConnectRefusal,
  LIVE_NAMESPACE,
  LiveEvent,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
} from '@fleetmedic/protocol';
import type { Subscription } from 'rxjs';
import type { Namespace } from 'socket.io';
import { AuthenticatorService } from '../auth/authenticator.service';
import { type PresentedCredentials, credentialsFromHeaders } from '../auth/credentials';
import { fromAllowedOrigin } from '../auth/origin-policy';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { CredentialEvents, type RevokedCredentials } from '../users/credential-events';
import { FleetHistoryService } from '../fleet/fleet-history.service';
import { HostEvents } from '../hosts/host-events';
import { HostsService } from '../hosts/hosts.service';
import { IncidentEvents } from '../incidents/incident-events';
import { RemediationEvents } from '../remediation/remediation-events';

const COALESCE_MS = 25;

/** Whose credentials opened a dashboard connection. */
interface LiveSocketData {
  userId: string;
  sessionId?: string;
  tokenId?: string;
}

export type LiveNamespace = Namespace<
  LiveClientToServerEvents,
  LiveServerToClientEvents,
  Record<string, never>,
  LiveSocketData
>;

/** The error socket.io hands the client as `connect_error`, with a machine-readable code in `data`. */
class LiveRefused extends Error {
  readonly data = { code: ConnectRefusal.Unauthenticated };
}

@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnGatewayInit<LiveNamespace>, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveGateway.name);
  private readonly subscriptions: Subscription[] = [];
  private pendingHostIds = new Set<string>();
  private coalesceTimer: NodeJS.Timeout | undefined;
  /** Pushes go out one at a time, so a slower read can never deliver an older state after a newer one. */
  private pushing: Promise<void> = Promise.resolve();

  @WebSocketServer()
  private readonly namespace: LiveNamespace;

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly hostEvents: HostEvents,
    private readonly hosts: HostsService,
    private readonly fleetHistory: FleetHistoryService,
    private readonly incidentEvents: IncidentEvents,
    private readonly remediationEvents: RemediationEvents,
    private readonly authenticator: AuthenticatorService,
    private readonly credentialEvents: CredentialEvents,
  ) {}

  afterInit(namespace: LiveNamespace): void {
    namespace.use((socket, next) => {
      const token: unknown = (socket.handshake.auth as { token?: unknown }).token;
      const credentials: PresentedCredentials =
        typeof token === 'string' && token !== ''
          ? { bearer: token }
          : credentialsFromHeaders({ cookie: socket.handshake.headers.cookie });
      const { origin, host } = socket.handshake.headers;
      const cookieFromElsewhere =
        credentials.session !== undefined &&
        !fromAllowedOrigin(this.config, {
          ...(origin !== undefined ? { origin } : {}),
          ...(host !== undefined ? { host } : {}),
        });
      if (cookieFromElsewhere) {
        next(new LiveRefused('The session cookie only opens /live from the FleetMedic dashboard itself.'));
        return;
      }
      this.authenticator.authenticate(credentials).then(
        (result) => {
          if (!result.ok) {
            next(
              new LiveRefused(
                result.reason === 'missing'
                  ? 'Sign in first: /live needs the session cookie or an API token (auth: { token }).'
                  : 'The session or API token is not valid any more; sign in again.',
              ),
            );
            return;
          }
          const { principal } = result;
          socket.data = {
            userId: principal.user.id,
            ...(principal.sessionId ? { sessionId: principal.sessionId } : {}),
            ...(principal.tokenId ? { tokenId: principal.tokenId } : {}),
          };
          next();
        },
        (error: unknown) => {
          this.logger.error(`Could not authenticate a dashboard connection: ${String(error)}`);
          next(new Error('The server could not check the credentials; retry later.'));
        },
      );
    });
  }

  onModuleInit(): void {
    this.subscriptions.push(
      this.hostEvents.changed$.subscribe((ids) => this.queueHosts(ids)),
      this.fleetHistory.samples$.subscribe((sample) => this.namespace.emit(LiveEvent.FleetSample, sample)),
      this.incidentEvents.updated$.subscribe((incident) =>
        this.namespace.emit(LiveEvent.IncidentUpdated, incident),
      ),
      this.remediationEvents.rolloutUpdated$.subscribe((rollout) =>
        this.namespace.emit(LiveEvent.RolloutUpdated, rollout),
      ),
      this.remediationEvents.jobUpdated$.subscribe((job) => this.namespace.emit(LiveEvent.JobUpdated, job)),
      this.credentialEvents.revoked$.subscribe((revoked) => this.disconnectRevoked(revoked)),
    );
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    clearTimeout(this.coalesceTimer);
  }

  private disconnectRevoked(revoked: RevokedCredentials): void {
    for (const socket of this.namespace.sockets.values()) {
      const data = socket.data;
      const matches =
        ('userId' in revoked && data.userId === revoked.userId) ||
        ('sessionId' in revoked && data.sessionId === revoked.sessionId) ||
        ('tokenId' in revoked && data.tokenId === revoked.tokenId);
      if (matches) socket.disconnect(true);
    }
  }

  private queueHosts(ids: readonly string[]): void {
    for (const id of ids) this.pendingHostIds.add(id);
    this.coalesceTimer ??= setTimeout(() => {
      this.coalesceTimer = undefined;
      const batch = this.pendingHostIds;
      this.pendingHostIds = new Set();
      this.pushing = this.pushing.then(() => this.pushHosts(batch));
    }, COALESCE_MS);
  }

  private async pushHosts(ids: Set<string>): Promise<void> {
    try {
      for (const host of await this.hosts.summariesOf([...ids]))
        this.namespace.emit(LiveEvent.HostUpdated, host);
    } catch (error) {
      this.logger.error(`Could not push host updates: ${String(error)}`);
    }
  }
}
