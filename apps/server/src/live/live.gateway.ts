/**
 * The `/live` namespace: dashboards connect and receive host and fleet changes as they happen. Host
 * changes are coalesced for a few milliseconds, so a burst of reports becomes one update per host.
 */
import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import {
  LIVE_NAMESPACE,
  LiveEvent,
  type LiveClientToServerEvents,
  type LiveServerToClientEvents,
} from '@fleetmedic/protocol';
import type { Subscription } from 'rxjs';
import type { Namespace } from 'socket.io';
import { FleetHistoryService } from '../fleet/fleet-history.service';
import { HostEvents } from '../hosts/host-events';
import { HostsService } from '../hosts/hosts.service';
import { IncidentEvents } from '../incidents/incident-events';

const COALESCE_MS = 25;

export type LiveNamespace = Namespace<LiveClientToServerEvents, LiveServerToClientEvents>;

@WebSocketGateway({ namespace: LIVE_NAMESPACE })
export class LiveGateway implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(LiveGateway.name);
  private readonly subscriptions: Subscription[] = [];
  private pendingHostIds = new Set<string>();
  private coalesceTimer: NodeJS.Timeout | undefined;
  /** Pushes go out one at a time, so a slower read can never deliver an older state after a newer one. */
  private pushing: Promise<void> = Promise.resolve();

  @WebSocketServer()
  private readonly namespace: LiveNamespace;

  constructor(
    private readonly hostEvents: HostEvents,
    private readonly hosts: HostsService,
    private readonly fleetHistory: FleetHistoryService,
    private readonly incidentEvents: IncidentEvents,
  ) {}

  onModuleInit(): void {
    this.subscriptions.push(
      this.hostEvents.changed$.subscribe((ids) => this.queueHosts(ids)),
      this.fleetHistory.samples$.subscribe((sample) => this.namespace.emit(LiveEvent.FleetSample, sample)),
      this.incidentEvents.updated$.subscribe((incident) =>
        this.namespace.emit(LiveEvent.IncidentUpdated, incident),
      ),
    );
  }

  onModuleDestroy(): void {
    for (const subscription of this.subscriptions) subscription.unsubscribe();
    clearTimeout(this.coalesceTimer);
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
