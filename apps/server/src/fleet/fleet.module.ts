import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HostsModule } from '../hosts/hosts.module';
import { FleetController } from './fleet.controller';
import { FleetHistoryRepository } from './fleet-history.repository';
import { FleetHistoryService } from './fleet-history.service';
import { FleetSampleEntity } from './fleet-sample.entity';

@Module({
  imports: [TypeOrmModule.forFeature([FleetSampleEntity]), HostsModule],
  controllers: [FleetController],
  providers: [FleetHistoryRepository, FleetHistoryService],
  exports: [FleetHistoryService],
})
export class FleetModule {}
