/** What admins do to agents: revoke one (its connections close at once) and rotate the enrollment secret. */
import { Injectable } from '@nestjs/common';
import type { RevokedAgent, RotatedEnrollSecret } from '@fleetmedic/protocol';
import { AuditService } from '../audit/audit.service';
import { type RequestPrincipal, actorOf } from '../auth/principal';
import { HostEvents } from '../hosts/host-events';
import { HostsRepository } from '../hosts/hosts.repository';
import { AgentsError, AgentsErrorCode } from './agents.errors';
import { EnrollSecretService } from './enroll-secret.service';
import { PresenceService } from './presence.service';

@Injectable()
export class AgentAdminService {
  constructor(
    private readonly hosts: HostsRepository,
    private readonly presence: PresenceService,
    private readonly events: HostEvents,
    private readonly secret: EnrollSecretService,
    private readonly audit: AuditService,
  ) {}

  async revoke(principal: RequestPrincipal, agentId: string, ip: string): Promise<RevokedAgent> {
    const host = await this.hosts.findById(agentId);
    if (!host) throw new AgentsError(AgentsErrorCode.AgentNotFound, `No agent ${agentId}.`);
    const revokedAt = host.revokedAt ?? new Date().toISOString();
    if (host.revokedAt === null) await this.hosts.revoke(agentId, revokedAt);
    const disconnected = this.presence.disconnectHost(agentId);
    this.events.hostsChanged([agentId]);
    await this.audit.record({
      action: 'agent.revoked',
      outcome: 'success',
      actor: actorOf(principal),
      target: `agent:${agentId}`,
      ip,
      detail: { hostname: host.hostname, disconnected, alreadyRevoked: host.revokedAt !== null },
    });
    return { agentId, hostname: host.hostname, revokedAt, disconnected };
  }

  async rotateEnrollSecret(principal: RequestPrincipal, ip: string): Promise<RotatedEnrollSecret> {
    const rotated = await this.secret.rotate();
    await this.audit.record({
      action: 'enroll_secret.rotated',
      outcome: 'success',
      actor: actorOf(principal),
      ip,
      detail: {},
    });
    return rotated;
  }
}
