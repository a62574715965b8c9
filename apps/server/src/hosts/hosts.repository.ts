/** Queries over hosts and their current check states. */
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FleetCounts, HostFacts } from '@fleetmedic/protocol';
import { In, Repository } from 'typeorm';
import { DatabaseWrites } from '../database/database-writes';
import { CheckStateEntity } from './check-state.entity';
import { HostEntity } from './host.entity';

export interface HostWithChecks {
  host: HostEntity;
  checks: CheckStateEntity[];
}

export interface PresenceUpdate {
  id: string;
  lastSeenAt: string;
  outboxDepth?: number;
}

@Injectable()
export class HostsRepository {
  constructor(
    @InjectRepository(HostEntity) private readonly hosts: Repository<HostEntity>,
    @InjectRepository(CheckStateEntity) private readonly checkStates: Repository<CheckStateEntity>,
    private readonly writes: DatabaseWrites,
  ) {}

  async insert(host: HostEntity): Promise<void> {
    await this.writes.transaction((manager) => manager.insert(HostEntity, host));
  }

  findById(id: string): Promise<HostEntity | null> {
    return this.hosts.findOneBy({ id });
  }

  findByMachineId(machineId: string): Promise<HostEntity | null> {
    return this.hosts.findOneBy({ machineId });
  }

  async replaceCredentials(
    id: string,
    fields: Pick<HostEntity, 'tokenHash' | 'hostname' | 'agentVersion' | 'enrolledAt' | 'revokedAt'>,
  ): Promise<void> {
    await this.writes.transaction((manager) => manager.update(HostEntity, { id }, fields));
  }

  async revoke(id: string, revokedAt: string): Promise<void> {
    await this.writes.transaction((manager) => manager.update(HostEntity, { id }, { revokedAt }));
  }

  async setOnline(id: string, online: boolean, at: string): Promise<void> {
    await this.writes.transaction((manager) =>
      manager.update(HostEntity, { id }, { online, lastSeenAt: at }),
    );
  }

  /** After a restart no agent is connected yet: every host starts offline. */
  async markAllOffline(): Promise<void> {
    await this.writes.transaction((manager) =>
      manager.update(HostEntity, { online: true }, { online: false }),
    );
  }

  async recordPresence(updates: readonly PresenceUpdate[]): Promise<void> {
    if (updates.length === 0) return;
    await this.writes.transaction(async (manager) => {
      for (const update of updates) {
        await manager.update(
          HostEntity,
          { id: update.id },
          update.outboxDepth === undefined
            ? { lastSeenAt: update.lastSeenAt }
            : { lastSeenAt: update.lastSeenAt, outboxDepth: update.outboxDepth },
        );
      }
    });
  }

  async saveFacts(id: string, facts: HostFacts, at: string): Promise<void> {
    await this.writes.transaction((manager) =>
      manager.update(
        HostEntity,
        { id },
        { facts, factsUpdatedAt: at, hostname: facts.hostname, agentVersion: facts.agentVersion },
      ),
    );
  }

  async list(): Promise<HostWithChecks[]> {
    const [hosts, checks] = await Promise.all([
      this.hosts.find({ order: { hostname: 'ASC', id: 'ASC' } }),
      this.checkStates.find({ order: { check: 'ASC', target: 'ASC' } }),
    ]);
    return attachChecks(hosts, checks);
  }

  /** Every host's facts (null until its agent said hello): the fleet that common factors compare against. */
  async allFacts(): Promise<Pick<HostEntity, 'id' | 'facts'>[]> {
    return this.hosts.find({ select: { id: true, facts: true } });
  }

  async listByIds(ids: readonly string[]): Promise<HostWithChecks[]> {
    if (ids.length === 0) return [];
    const [hosts, checks] = await Promise.all([
      this.hosts.findBy({ id: In([...ids]) }),
      this.checkStates.find({ where: { hostId: In([...ids]) }, order: { check: 'ASC', target: 'ASC' } }),
    ]);
    return attachChecks(hosts, checks);
  }

  /** The fleet's counts by `countFleet`'s definition, computed in the database. */
  async fleetCounts(): Promise<FleetCounts> {
    const table = this.checkStateTable();
    const failingCheck = (alias: string) =>
      `EXISTS (SELECT 1 FROM ${table} ${alias} WHERE ${alias}.host_id = host.id AND ${alias}.status = 'failing')`;
    const okCheck = `EXISTS (SELECT 1 FROM ${table} ok WHERE ok.host_id = host.id AND ok.status = 'ok')`;
    const row = await this.hosts
      .createQueryBuilder('host')
      .select('COUNT(*)', 'total')
      .addSelect(`SUM(CASE WHEN host.online = :online THEN 1 ELSE 0 END)`, 'online')
      .addSelect(`SUM(CASE WHEN ${failingCheck('f1')} THEN 1 ELSE 0 END)`, 'failing')
      .addSelect(
        `SUM(CASE WHEN host.online = :online AND ${okCheck} AND NOT ${failingCheck('f2')} THEN 1 ELSE 0 END)`,
        'healthy',
      )
      .setParameter('online', true)
      .getRawOne<Record<'total' | 'online' | 'failing' | 'healthy', string | number | null>>();
    const total = Number(row?.total ?? 0);
    const online = Number(row?.online ?? 0);
    return {
      total,
      online,
      offline: total - online,
      healthy: Number(row?.healthy ?? 0),
      failing: Number(row?.failing ?? 0),
    };
  }

  /** The check-state table as SQL, schema-qualified when PostgreSQL runs in a schema of its own. */
  private checkStateTable(): string {
    const { driver } = this.checkStates.manager.connection;
    return this.checkStates.metadata.tablePath
      .split('.')
      .map((part) => driver.escape(part))
      .join('.');
  }
}

function attachChecks(hosts: HostEntity[], checks: CheckStateEntity[]): HostWithChecks[] {
  const byHost = new Map<string, CheckStateEntity[]>();
  for (const check of checks) {
    const list = byHost.get(check.hostId);
    if (list) list.push(check);
    else byHost.set(check.hostId, [check]);
  }
  return hosts.map((host) => ({ host, checks: byHost.get(host.id) ?? [] }));
}
