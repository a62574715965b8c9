/** The audit log's storage: append, and read newest first a page at a time. */
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Like, Repository, type FindOptionsWhere } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { DatabaseWrites } from '../database/database-writes';
import { AuditEventEntity } from './audit-event.entity';

export interface AuditPageQuery {
  /** An exact action, or a prefix ending in a dot (`auth.`). */
  action?: string;
  before?: number;
  limit: number;
}

@Injectable()
export class AuditRepository {
  constructor(
    @InjectRepository(AuditEventEntity) private readonly events: Repository<AuditEventEntity>,
    private readonly writes: DatabaseWrites,
  ) {}

  async append(event: Omit<AuditEventEntity, 'id'>): Promise<void> {
    // `detail` is free-form JSON, which TypeORM's deep-partial insert type cannot express.
    const row = Object.assign(new AuditEventEntity(), event) as QueryDeepPartialEntity<AuditEventEntity>;
    await this.writes.transaction((manager) => manager.insert(AuditEventEntity, row));
  }

  page(query: AuditPageQuery): Promise<AuditEventEntity[]> {
    const where: FindOptionsWhere<AuditEventEntity> = {};
    if (query.action !== undefined)
      where.action = query.action.endsWith('.') ? Like(`${query.action}%`) : query.action;
    if (query.before !== undefined) where.id = LessThan(query.before);
    return this.events.find({ where, order: { id: 'DESC' }, take: query.limit });
  }
}
