import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, MoreThanOrEqual, Repository } from 'typeorm';
import { DatabaseWrites } from '../database/database-writes';
import { FleetSampleEntity } from './fleet-sample.entity';

@Injectable()
export class FleetHistoryRepository {
  constructor(
    @InjectRepository(FleetSampleEntity) private readonly samples: Repository<FleetSampleEntity>,
    private readonly writes: DatabaseWrites,
  ) {}

  async insert(sample: FleetSampleEntity): Promise<void> {
    await this.writes.transaction((manager) => manager.upsert(FleetSampleEntity, sample, ['at']));
  }

  since(at: string): Promise<FleetSampleEntity[]> {
    return this.samples.find({ where: { at: MoreThanOrEqual(at) }, order: { at: 'ASC' } });
  }

  async deleteBefore(at: string): Promise<void> {
    await this.writes.transaction((manager) => manager.delete(FleetSampleEntity, { at: LessThan(at) }));
  }
}
