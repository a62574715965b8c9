import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { HostsModule } from '../hosts/hosts.module';
import { IngestRepository } from './ingest.repository';
import { CheckTransitions } from './check-transitions';
import { IngestService } from './ingest.service';
import { ObservationEntity } from './observation.entity';

@Module({
  imports: [TypeOrmModule.forFeature([ObservationEntity]), HostsModule],
  providers: [IngestRepository, IngestService, CheckTransitions],
  exports: [IngestService, CheckTransitions],
})
export class IngestModule {}
