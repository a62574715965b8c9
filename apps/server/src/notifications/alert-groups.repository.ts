/** Grouping state: per incident, when its news is due; per channel and incident, what was told. */
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, IsNull, type Repository } from 'typeorm';
import { DatabaseWrites } from '../database/database-writes';
import { AlertGroupEntity, ToldEntity } from './alert-group.entity';

@Injectable()
export class AlertGroupsRepository {
  constructor(
    @InjectRepository(AlertGroupEntity) private readonly groups: Repository<AlertGroupEntity>,
    @InjectRepository(ToldEntity) private readonly told: Repository<ToldEntity>,
    private readonly writes: DatabaseWrites,
  ) {}

  find(incidentId: string): Promise<AlertGroupEntity | null> {
    return this.groups.findOneBy({ incidentId });
  }

  async save(group: AlertGroupEntity): Promise<void> {
    await this.writes.transaction((manager) => manager.save(AlertGroupEntity, group));
  }

  /** Every incident with news or a reminder due some time: scheduled again after a restart. */
  scheduled(): Promise<AlertGroupEntity[]> {
    return this.groups.find({ where: { dueAt: Not(IsNull()) } });
  }

  toldAbout(incidentId: string): Promise<ToldEntity[]> {
    return this.told.findBy({ incidentId });
  }
}
