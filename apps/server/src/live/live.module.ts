import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { FleetModule } from '../fleet/fleet.module';
import { HostsModule } from '../hosts/hosts.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { RemediationModule } from '../remediation/remediation.module';
import { LiveGateway } from './live.gateway';

@Module({
  imports: [AuthModule, HostsModule, FleetModule, IncidentsModule, RemediationModule],
  providers: [LiveGateway],
})
export class LiveModule {}
