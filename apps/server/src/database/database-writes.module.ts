import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DatabaseWrites } from './database-writes';
import { SettingEntity } from './setting.entity';
import { SettingsRepository } from './settings.repository';

/**
 * Makes DatabaseWrites one instance for the whole server: the turn-taking only works if it is shared.
 * Server-wide settings live beside it.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([SettingEntity])],
  providers: [DatabaseWrites, SettingsRepository],
  exports: [DatabaseWrites, SettingsRepository],
})
export class DatabaseWritesModule {}
