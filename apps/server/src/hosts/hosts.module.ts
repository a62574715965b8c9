import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CheckStateEntity } from './check-state.entity';
import { HostEntity } from './host.entity';
import { HostEvents } from './host-events';
import { HostsController } from './hosts.controller';
import { HostsRepository } from './hosts.repository';
import { HostsService } from './hosts.service';

@Module({
  imports: [TypeOrmModule.forFeature([HostEntity, CheckStateEntity])],
  controllers: [HostsController],
  providers: [HostsRepository, HostsService, HostEvents],
  exports: [HostsRepository, HostsService, HostEvents],
})
export class HostsModule {}
