/**
 * The audit log: logins (and failed ones), changes to users, tokens and agents, refusals worth a second
 * look. Recording never fails the action it describes; a write that fails is logged instead.
 */
import { Injectable, Logger } from '@nestjs/common';
import type { AuditActor, AuditEvent, AuditList, AuditQuery } from '@fleetmedic/protocol';
import { AuditRepository } from './audit.repository';
import type { AuditEventEntity } from './audit-event.entity';

export interface AuditRecord {
  action: string;
  outcome: AuditEvent['outcome'];
  actor: AuditActor;
  target?: string | null;
  ip?: string | null;
  detail?: Record<string, unknown>;
}

export const SYSTEM_ACTOR: AuditActor = { kind: 'system', id: null, name: null, tokenId: null };

export function anonymousActor(name: string | null = null): AuditActor {
  return { kind: 'anonymous', id: null, name, tokenId: null };
}

export function agentActor(agentId: string, hostname: string | null = null): AuditActor {
  return { kind: 'agent', id: agentId, name: hostname, tokenId: null };
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);

  constructor(private readonly repository: AuditRepository) {}

  async record(record: AuditRecord): Promise<void> {
    try {
      await this.repository.append({
        at: new Date().toISOString(),
        action: record.action,
        outcome: record.outcome,
        actorKind: record.actor.kind,
        actorId: record.actor.id,
        actorName: record.actor.name?.slice(0, 255) ?? null,
        actorTokenId: record.actor.tokenId,
        target: record.target ?? null,
        ip: record.ip?.slice(0, 64) ?? null,
        detail: record.detail ?? {},
      });
    } catch (error) {
      this.logger.error(`Could not record audit event ${record.action}: ${String(error)}`);
    }
  }

  async list(query: AuditQuery): Promise<AuditList> {
    const rows = await this.repository.page(query);
    return {
      events: rows.map(toAuditEvent),
      nextBefore: rows.length === query.limit ? (rows.at(-1)?.id ?? null) : null,
    };
  }
}

function toAuditEvent(row: AuditEventEntity): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    action: row.action,
    outcome: row.outcome,
    actor: { kind: row.actorKind, id: row.actorId, name: row.actorName, tokenId: row.actorTokenId },
    target: row.target,
    ip: row.ip,
    detail: row.detail,
  };
}
