import { Module } from '@nestjs/common';
import { HostsModule } from '../hosts/hosts.module';
import { IngestModule } from '../ingest/ingest.module';
import { CorrelationService } from './correlation.service';
import { IncidentEvents } from './incident-events';
import { IncidentsController } from './incidents.controller';
import { IncidentsRepository } from './incidents.repository';
import { IncidentsService } from './incidents.service';

@Module({
  imports: [HostsModule, IngestModule],
  controllers: [IncidentsController],
  providers: [CorrelationService, IncidentEvents, IncidentsRepository, IncidentsService],
  exports: [IncidentEvents, IncidentsRepository, IncidentsService],
})
export class IncidentsModule {}
