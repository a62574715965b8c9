/** Enrollment: an agent trades the fleet's secret for its own id and token, once. */
import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { PROTOCOL_VERSION, type EnrollmentRequest, type EnrollmentResponse } from '@fleetmedic/protocol';
import { HostEntity } from '../hosts/host.entity';
import { HostEvents } from '../hosts/host-events';
import { HostsRepository } from '../hosts/hosts.repository';
import { hashAgentToken, newAgentToken } from './agent-token';
import { AgentsError, AgentsErrorCode } from './agents.errors';
import { EnrollSecretService } from './enroll-secret.service';
import { PresenceService } from './presence.service';

@Injectable()
export class EnrollmentService {
  private readonly logger = new Logger(EnrollmentService.name);

  constructor(
    private readonly secret: EnrollSecretService,
    private readonly hosts: HostsRepository,
    private readonly events: HostEvents,
    private readonly presence: PresenceService,
  ) {}

  async enroll(request: EnrollmentRequest): Promise<EnrollmentResponse> {
    if (request.protocolVersion !== PROTOCOL_VERSION) {
      throw new AgentsError(
        AgentsErrorCode.UnsupportedProtocolVersion,
        `This server speaks protocol version ${PROTOCOL_VERSION}; the agent speaks ${request.protocolVersion}. Install a matching agent.`,
      );
    }
    if (!this.secret.matches(request.enrollSecret)) {
      throw new AgentsError(AgentsErrorCode.InvalidEnrollSecret, 'The enrollment secret is wrong.');
    }
    const token = newAgentToken();
    const now = new Date().toISOString();
    const known =
      request.machineId === undefined ? null : await this.hosts.findByMachineId(request.machineId);
    const fields = {
      tokenHash: hashAgentToken(token),
      hostname: request.hostname,
      agentVersion: request.agentVersion,
      enrolledAt: now,
    };
    let agentId: string;
    if (known) {
      agentId = known.id;
      await this.hosts.replaceCredentials(agentId, fields);
      // Connections made with the old token must not outlive it.
      this.presence.disconnectHost(agentId);
      this.logger.log(
        `Host ${request.hostname} (${agentId}) enrolled again; its previous token no longer works`,
      );
    } else {
      agentId = randomUUID();
      await this.hosts.insert(
        Object.assign(new HostEntity(), {
          ...fields,
          id: agentId,
          machineId: request.machineId ?? null,
          lastSeenAt: null,
          online: false,
          outboxDepth: 0,
          facts: null,
          factsUpdatedAt: null,
        }),
      );
      this.logger.log(`Host ${request.hostname} enrolled as ${agentId}`);
    }
    this.events.hostsChanged([agentId]);
    return { agentId, agentToken: token, protocolVersion: PROTOCOL_VERSION };
  }
}
