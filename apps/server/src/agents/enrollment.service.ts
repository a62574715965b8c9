/** Enrollment: an agent trades the fleet's secret for its own id and token, once. */
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { PROTOCOL_VERSION, type EnrollmentRequest, type EnrollmentResponse } from '@fleetmedic/protocol';
import { AuditService, agentActor, anonymousActor } from '../audit/audit.service';
import { FailureLimiter } from '../auth/failure-limiter';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { HostEntity } from '../hosts/host.entity';
import { HostEvents } from '../hosts/host-events';
import { HostsRepository } from '../hosts/hosts.repository';
import { hashSecretToken, newSecretToken } from '../common/secrets';
import { AgentsError, AgentsErrorCode } from './agents.errors';
import { EnrollSecretService } from './enroll-secret.service';
import { JobSigningKeyService } from '../remediation/job-signing-key.service';
import { PresenceService } from './presence.service';

const FAILURE_WINDOW_MS = 15 * 60_000;

@Injectable()
export class EnrollmentService {
  private readonly logger = new Logger(EnrollmentService.name);
  /** Wrong secrets per address: guessing the fleet's secret stays slow. */
  private readonly failures: FailureLimiter;

  constructor(
    @Inject(SERVER_CONFIG) config: ServerConfig,
    private readonly audit: AuditService,
    private readonly secret: EnrollSecretService,
    private readonly hosts: HostsRepository,
    private readonly events: HostEvents,
    private readonly presence: PresenceService,
    private readonly signingKey: JobSigningKeyService,
  ) {
    this.failures = new FailureLimiter(config.auth.enrollMaxFailures, FAILURE_WINDOW_MS);
  }

  async enroll(request: EnrollmentRequest, ip: string): Promise<EnrollmentResponse> {
    const wait = this.failures.retryAfterSeconds(ip);
    if (wait > 0) {
      await this.audit.record({
        action: 'agent.enroll',
        outcome: 'denied',
        actor: anonymousActor(request.hostname),
        ip,
        detail: { reason: 'too many wrong enrollment secrets', retryAfterSeconds: wait },
      });
      throw new AgentsError(
        AgentsErrorCode.TooManyEnrollAttempts,
        `Too many enrollments with a wrong secret from this address; try again in ${Math.ceil(wait / 60)} minute(s).`,
        wait,
      );
    }
    if (request.protocolVersion !== PROTOCOL_VERSION) {
      throw new AgentsError(
        AgentsErrorCode.UnsupportedProtocolVersion,
        `This server speaks protocol version ${PROTOCOL_VERSION}; the agent speaks ${request.protocolVersion}. Install a matching agent.`,
      );
    }
    if (!this.secret.matches(request.enrollSecret)) {
      this.failures.fail(ip);
      await this.audit.record({
        action: 'agent.enroll',
        outcome: 'failure',
        actor: anonymousActor(request.hostname),
        ip,
        detail: { reason: 'wrong enrollment secret' },
      });
      throw new AgentsError(AgentsErrorCode.InvalidEnrollSecret, 'The enrollment secret is wrong.');
    }
    const token = newSecretToken();
    const now = new Date().toISOString();
    const known =
      request.machineId === undefined ? null : await this.hosts.findByMachineId(request.machineId);
    const fields = {
      tokenHash: hashSecretToken(token),
      hostname: request.hostname,
      agentVersion: request.agentVersion,
      enrolledAt: now,
      // Enrolling again with the fleet's secret lifts a revocation (rotate the secret to keep a PC out).
      revokedAt: null,
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
    await this.audit.record({
      action: 'agent.enroll',
      outcome: 'success',
      actor: agentActor(agentId, request.hostname),
      target: `agent:${agentId}`,
      ip,
      detail: { again: known !== null, agentVersion: request.agentVersion },
    });
    return {
      agentId,
      agentToken: token,
      protocolVersion: PROTOCOL_VERSION,
      serverPublicKey: this.signingKey.publicKeyPem,
    };
  }
}
