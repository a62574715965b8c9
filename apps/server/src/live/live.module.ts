import { Module } from '@nestjs/common';
import { FleetModule } from '../fleet/fleet.module';
import { HostsModule } from '../hosts/hosts.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { LiveGateway } from './live.gateway';

@Module({
  imports: [HostsModule, FleetModule, IncidentsModule],
  providers: [LiveGateway],
})
export class LiveModule {}
