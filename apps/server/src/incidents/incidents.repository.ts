/** Persistence of incidents, their hosts and timelines; and the failing checks correlation restarts from. */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { IncidentEventKind, IncidentStatus } from '@fleetmedic/protocol';
import { DataSource, In, IsNull, MoreThanOrEqual } from 'typeorm';
import { DatabaseWrites } from '../database/database-writes';
import { CheckStateEntity } from '../hosts/check-state.entity';
import type { CheckTransition } from '../ingest/check-transition';
import type { IncidentHostState, TrackedIncident } from './correlation/correlation-types';
import { IncidentEntity } from './incident.entity';
import { IncidentEventEntity } from './incident-event.entity';
import { IncidentHostEntity } from './incident-host.entity';

const iso = (ms: number) => new Date(ms).toISOString();

const CORRELATED_COLUMNS = [
  'fingerprint',
  'check',
  'target',
  'code',
  'status',
  'opened_at',
  'resolved_at',
  'updated_at',
  'host_count',
  'failing_host_count',
  'known_issue_id',
  'known_issue_confirmed',
];
const ms = (value: string) => Date.parse(value);

export interface IncidentWrite {
  incident: IncidentEntity;
  /** Hosts whose row changed (all of them when the incident opened or reopened). */
  hosts: { hostId: string; state: IncidentHostState }[];
  events: { at: number; kind: IncidentEventKind; hostId: string | null; failingHostCount: number }[];
}

@Injectable()
export class IncidentsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: DatabaseWrites,
  ) {}

  /** Open incidents, and those resolved since `resolvedSince` (they may still reopen), with their hosts. */
  async loadTracked(resolvedSince: number): Promise<TrackedIncident[]> {
    const incidents = await this.dataSource.getRepository(IncidentEntity).find({
      where: [{ status: 'open' }, { status: 'resolved', resolvedAt: MoreThanOrEqual(iso(resolvedSince)) }],
    });
    if (incidents.length === 0) return [];
    const hosts = await this.dataSource
      .getRepository(IncidentHostEntity)
      .findBy({ incidentId: In(incidents.map((incident) => incident.id)) });
    return incidents.map((incident) => ({
      id: incident.id,
      fingerprint: incident.fingerprint,
      target: incident.target,
      status: incident.status,
      openedAt: ms(incident.openedAt),
      resolvedAt: incident.resolvedAt === null ? null : ms(incident.resolvedAt),
      hosts: new Map(
        hosts
          .filter((host) => host.incidentId === incident.id)
          .map((host) => [
            host.hostId,
            {
              since: ms(host.since),
              recoveredAt: host.recoveredAt === null ? null : ms(host.recoveredAt),
              evidence: host.evidence,
            },
          ]),
      ),
    }));
  }

  /** Every check failing now, as the transitions that made it fail. */
  async failingChecks(): Promise<CheckTransition[]> {
    const rows = await this.dataSource.getRepository(CheckStateEntity).findBy({ status: 'failing' });
    return rows.map((row) => ({
      hostId: row.hostId,
      check: row.check,
      target: row.target,
      before: null,
      after: { status: row.status, code: row.code, evidence: row.evidence },
      at: ms(row.changedAt),
    }));
  }

  async write(writes: readonly IncidentWrite[]): Promise<void> {
    if (writes.length === 0) return;
    await this.writes.transaction(async (manager) => {
      for (const { incident, hosts, events } of writes) {
        // Correlation owns every column but the acknowledgement, which people set.
        await manager
          .createQueryBuilder()
          .insert()
          .into(IncidentEntity)
          .values(incident)
          .orUpdate(CORRELATED_COLUMNS, ['id'])
          .execute();
        if (hosts.length > 0) {
          await manager.upsert(
            IncidentHostEntity,
            hosts.map(({ hostId, state }) =>
              Object.assign(new IncidentHostEntity(), {
                incidentId: incident.id,
                hostId,
                since: iso(state.since),
                recoveredAt: state.recoveredAt === null ? null : iso(state.recoveredAt),
                evidence: [...state.evidence],
              }),
            ),
            ['incidentId', 'hostId'],
          );
        }
        if (events.length > 0) {
          await manager.insert(
            IncidentEventEntity,
            events.map((event) =>
              Object.assign(new IncidentEventEntity(), {
                id: randomUUID(),
                incidentId: incident.id,
                at: iso(event.at),
                kind: event.kind,
                hostId: event.hostId,
                failingHostCount: event.failingHostCount,
              }),
            ),
          );
        }
      }
    });
  }

  list(status: IncidentStatus | 'all'): Promise<IncidentEntity[]> {
    return this.dataSource.getRepository(IncidentEntity).find({
      where: status === 'all' ? {} : { status },
      order: { updatedAt: 'DESC' },
      take: 1000,
    });
  }

  findByIds(ids: readonly string[]): Promise<IncidentEntity[]> {
    return this.dataSource.getRepository(IncidentEntity).findBy({ id: In([...ids]) });
  }

  findById(id: string): Promise<IncidentEntity | null> {
    return this.dataSource.getRepository(IncidentEntity).findOneBy({ id });
  }

  hostsOf(id: string): Promise<IncidentHostEntity[]> {
    return this.dataSource
      .getRepository(IncidentHostEntity)
      .find({ where: { incidentId: id }, order: { since: 'ASC' } });
  }

  eventsOf(id: string): Promise<IncidentEventEntity[]> {
    return this.dataSource
      .getRepository(IncidentEventEntity)
      .find({ where: { incidentId: id }, order: { at: 'ASC' } });
  }

  /** Acknowledges once; returns false when it already was. */
  acknowledge(id: string, at: number): Promise<boolean> {
    return this.writes.transaction(async (manager) => {
      const result = await manager.update(
        IncidentEntity,
        { id, acknowledgedAt: IsNull() },
        { acknowledgedAt: iso(at), updatedAt: iso(at) },
      );
      if ((result.affected ?? 0) === 0) return false;
      await manager.insert(
        IncidentEventEntity,
        Object.assign(new IncidentEventEntity(), {
          id: randomUUID(),
          incidentId: id,
          at: iso(at),
          kind: 'acknowledged',
          hostId: null,
          failingHostCount: await manager.countBy(IncidentHostEntity, {
            incidentId: id,
            recoveredAt: IsNull(),
          }),
        }),
      );
      return true;
    });
  }
}
