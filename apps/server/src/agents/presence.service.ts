/**
 * Presence: a host is online while its agent holds a connection and keeps talking. A connection that goes
 * silent for longer than three heartbeat intervals is closed, which marks the host offline.
 */
import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { HostEvents } from '../hosts/host-events';
import { HostsRepository, type PresenceUpdate } from '../hosts/hosts.repository';

/** The part of a socket presence needs: closing a silent one. */
export interface AgentConnection {
  id: string;
  disconnect(close: boolean): void;
}

interface HostPresence {
  connections: Map<string, AgentConnection>;
  lastHeardAt: number;
  outboxDepth: number;
}

@Injectable()
export class PresenceService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(PresenceService.name);
  private readonly presence = new Map<string, HostPresence>();
  private pending = new Map<string, PresenceUpdate>();
  private sweepTimer: NodeJS.Timeout | undefined;
  /** Serializes writes so that online/offline land in the order they happened. */
  private writes: Promise<void> = Promise.resolve();
  private closing = false;

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly hosts: HostsRepository,
    private readonly events: HostEvents,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.hosts.markAllOffline();
    const interval = Math.min(this.config.heartbeatIntervalMs, 5000);
    this.sweepTimer = setInterval(() => this.sweep(), interval);
    this.sweepTimer.unref();
  }

  /** Heartbeats are written while the database is still open; the disconnects that follow are not (every host starts offline on the next boot anyway). */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweepTimer);
    await this.flush();
    await this.writes;
  }

  isOnline(hostId: string): boolean {
    return (this.presence.get(hostId)?.connections.size ?? 0) > 0;
  }

  connected(hostId: string, connection: AgentConnection): Promise<void> {
    const entry = this.presence.get(hostId) ?? { connections: new Map(), lastHeardAt: 0, outboxDepth: 0 };
    const wasOnline = entry.connections.size > 0;
    entry.connections.set(connection.id, connection);
    entry.lastHeardAt = Date.now();
    this.presence.set(hostId, entry);
    return wasOnline ? Promise.resolve() : this.write(hostId, true);
  }

  disconnected(hostId: string, connectionId: string): Promise<void> {
    const entry = this.presence.get(hostId);
    if (!entry?.connections.delete(connectionId)) return Promise.resolve();
    if (entry.connections.size > 0) return Promise.resolve();
    this.presence.delete(hostId);
    this.pending.delete(hostId);
    return this.write(hostId, false);
  }

  /** Closes every connection of a host (its credentials were replaced or revoked); says how many. */
  disconnectHost(hostId: string): number {
    const connections = [...(this.presence.get(hostId)?.connections.values() ?? [])];
    for (const connection of connections) connection.disconnect(true);
    return connections.length;
  }

  heartbeat(hostId: string, outboxDepth: number): void {
    const entry = this.presence.get(hostId);
    if (!entry) return;
    entry.lastHeardAt = Date.now();
    const depthChanged = entry.outboxDepth !== outboxDepth;
    entry.outboxDepth = outboxDepth;
    this.pending.set(hostId, {
      id: hostId,
      lastSeenAt: new Date(entry.lastHeardAt).toISOString(),
      outboxDepth,
    });
    if (depthChanged) void this.flush().then(() => this.events.hostsChanged([hostId]));
  }

  /** Any message from an agent shows it is alive. */
  heard(hostId: string): void {
    const entry = this.presence.get(hostId);
    if (entry) entry.lastHeardAt = Date.now();
  }

  private write(hostId: string, online: boolean): Promise<void> {
    if (this.closing) return this.writes;
    const at = new Date().toISOString();
    this.writes = this.writes
      .then(() => this.hosts.setOnline(hostId, online, at))
      .then(() => this.events.hostsChanged([hostId]))
      .catch((error: unknown) =>
        this.logger.error(`Could not record presence of ${hostId}: ${String(error)}`),
      );
    return this.writes;
  }

  private flush(): Promise<void> {
    if (this.pending.size === 0) return this.writes;
    const updates = [...this.pending.values()];
    this.pending = new Map();
    this.writes = this.writes
      .then(() => this.hosts.recordPresence(updates))
      .catch((error: unknown) => this.logger.error(`Could not record heartbeats: ${String(error)}`));
    return this.writes;
  }

  private sweep(): void {
    const silentSince = Date.now() - this.config.offlineAfterMs;
    for (const [hostId, entry] of this.presence) {
      if (entry.lastHeardAt >= silentSince) continue;
      this.logger.warn(
        `Host ${hostId} has been silent for ${this.config.offlineAfterMs} ms; closing its connection`,
      );
      for (const connection of entry.connections.values()) connection.disconnect(true);
    }
    void this.flush();
  }
}
