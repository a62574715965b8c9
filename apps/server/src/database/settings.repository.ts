/** Reads and writes server-wide settings by key. */
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DatabaseWrites } from './database-writes';
import { SettingEntity } from './setting.entity';

@Injectable()
export class SettingsRepository {
  constructor(
    @InjectRepository(SettingEntity) private readonly settings: Repository<SettingEntity>,
    private readonly writes: DatabaseWrites,
  ) {}

  find(key: string): Promise<SettingEntity | null> {
    return this.settings.findOneBy({ key });
  }

  async save(key: string, value: string, updatedAt: string): Promise<void> {
    await this.writes.transaction((manager) =>
      manager.upsert(SettingEntity, { key, value, updatedAt }, ['key']),
    );
  }
}
