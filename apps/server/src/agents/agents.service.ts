/** What the `/agents` gateway hands over once a message is authenticated and valid. */
import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ProtocolErrorCode,
  type Ack,
  type BatchAck,
  type Hello,
  type HelloReply,
  type HostFacts,
  type ObservationBatch,
} from '@fleetmedic/protocol';
import { AuditService, agentActor } from '../audit/audit.service';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { HostEvents } from '../hosts/host-events';
import { HostsRepository } from '../hosts/hosts.repository';
import { IngestService } from '../ingest/ingest.service';

@Injectable()
export class AgentsService {
  private readonly logger = new Logger(AgentsService.name);
  /** The facts last stored per connected host, to skip rewriting what did not change. */
  private readonly lastFacts = new Map<string, string>();

  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly hosts: HostsRepository,
    private readonly events: HostEvents,
    private readonly ingest: IngestService,
    private readonly audit: AuditService,
  ) {}

  async hello(hostId: string, hello: Hello): Promise<Ack<HelloReply>> {
    await this.updateFacts(hostId, hello.facts);
    return {
      ok: true,
      serverTime: new Date().toISOString(),
      heartbeatIntervalMs: this.config.heartbeatIntervalMs,
    };
  }

  /** Stores facts that changed; an agent repeating the same facts costs no write and no push. */
  async updateFacts(hostId: string, facts: HostFacts): Promise<void> {
    const serialized = JSON.stringify(facts);
    if (this.lastFacts.get(hostId) === serialized) return;
    await this.hosts.saveFacts(hostId, facts, new Date().toISOString());
    this.lastFacts.set(hostId, serialized);
    this.events.hostsChanged([hostId]);
  }

  forgetHost(hostId: string): void {
    this.lastFacts.delete(hostId);
  }

  async ingestBatch(hostId: string, batch: ObservationBatch): Promise<Ack<BatchAck>> {
    const foreign = batch.observations.findIndex((observation) => observation.hostId !== hostId);
    if (foreign !== -1) {
      this.logger.warn(`Host ${hostId} sent observations for another host; batch ${batch.batchId} refused`);
      await this.audit.record({
        action: 'agent.host_mismatch',
        outcome: 'denied',
        actor: agentActor(hostId),
        target: `agent:${hostId}`,
        detail: {
          batchId: batch.batchId,
          claimedHostIds: [...new Set(batch.observations.map((o) => o.hostId))].filter((id) => id !== hostId),
          observations: batch.observations.length,
        },
      });
      return {
        ok: false,
        error: {
          code: ProtocolErrorCode.HostMismatch,
          message: `observations[${foreign}].hostId: an agent may only report for its own host (${hostId})`,
          issues: [{ path: `observations[${foreign}].hostId`, message: 'not this agent’s host id' }],
        },
      };
    }
    try {
      const result = await this.ingest.submit(batch.observations);
      return { ok: true, batchId: batch.batchId, stored: result.stored, duplicates: result.duplicates };
    } catch {
      return {
        ok: false,
        error: {
          code: ProtocolErrorCode.Internal,
          message: 'The server could not store the batch; send it again later.',
        },
      };
    }
  }
}
