/** Incidents as people see them: lists, one incident in full (decoded, explained, compared), acknowledgement. */
import { Injectable } from '@nestjs/common';
import type { IncidentDetail, IncidentStatus, IncidentSummary } from '@fleetmedic/protocol';
import { AuditService } from '../audit/audit.service';
import { type RequestPrincipal, actorOf } from '../auth/principal';
import { HostsRepository } from '../hosts/hosts.repository';
import { commonFactors } from './common-factors';
import { IncidentEvents } from './incident-events';
import { decodeIncidentCode, incidentKnownIssues } from './incident-knowledge';
import { toIncidentSummary } from './incident-summary';
import { IncidentsError } from './incidents.errors';
import { IncidentsRepository } from './incidents.repository';

@Injectable()
export class IncidentsService {
  constructor(
    private readonly repository: IncidentsRepository,
    private readonly hosts: HostsRepository,
    private readonly events: IncidentEvents,
    private readonly audit: AuditService,
  ) {}

  async list(status: IncidentStatus | 'all'): Promise<IncidentSummary[]> {
    return (await this.repository.list(status)).map(toIncidentSummary);
  }

  async get(id: string): Promise<IncidentDetail> {
    const row = await this.repository.findById(id);
    if (!row) throw IncidentsError.notFound(id);
    const [members, events, fleet] = await Promise.all([
      this.repository.hostsOf(id),
      this.repository.eventsOf(id),
      this.hosts.allFacts(),
    ]);
    const affectedIds = new Set(members.map((member) => member.hostId));
    const hostRows = new Map(
      (await this.hosts.listByIds([...affectedIds])).map(({ host }) => [host.id, host]),
    );
    const factsOf = (hostId: string) => hostRows.get(hostId)?.facts ?? null;
    const affectedFacts = members.map((member) => factsOf(member.hostId)).filter((facts) => facts !== null);
    const healthyFacts = fleet
      .filter((host) => !affectedIds.has(host.id) && host.facts !== null)
      .map((host) => host.facts!);
    return {
      ...toIncidentSummary(row),
      decoded: decodeIncidentCode(row.code),
      hosts: members.map((member) => ({
        hostId: member.hostId,
        hostname: hostRows.get(member.hostId)?.hostname ?? member.hostId,
        online: hostRows.get(member.hostId)?.online ?? false,
        since: member.since,
        recoveredAt: member.recoveredAt,
        evidence: member.evidence,
      })),
      commonFactors: commonFactors(affectedFacts, healthyFacts),
      knownIssues: incidentKnownIssues(
        row.fingerprint,
        members.map((member) => ({ evidence: member.evidence, facts: factsOf(member.hostId) })),
      ),
      timeline: events.map((event) => ({
        at: event.at,
        kind: event.kind,
        hostId: event.hostId,
        hostname: event.hostId === null ? null : (hostRows.get(event.hostId)?.hostname ?? null),
        failingHostCount: event.failingHostCount,
      })),
    };
  }

  async acknowledge(principal: RequestPrincipal, id: string, ip: string): Promise<IncidentSummary> {
    const exists = await this.repository.findById(id);
    if (!exists) throw IncidentsError.notFound(id);
    const changed = await this.repository.acknowledge(id, Date.now());
    const row = (await this.repository.findById(id))!;
    const summary = toIncidentSummary(row);
    if (changed) {
      this.events.updated(summary);
      await this.audit.record({
        action: 'incident.acknowledged',
        outcome: 'success',
        actor: actorOf(principal),
        target: `incident:${id}`,
        ip,
        detail: { fingerprint: summary.fingerprint },
      });
    }
    return summary;
  }
}
