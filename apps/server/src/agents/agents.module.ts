import { Module } from '@nestjs/common';
import { HostsModule } from '../hosts/hosts.module';
import { IngestModule } from '../ingest/ingest.module';
import { JobSigningModule } from '../remediation/job-signing.module';
import { AgentAdminController } from './agent-admin.controller';
import { AgentAdminService } from './agent-admin.service';
import { AgentAuthenticator } from './agent-authenticator';
import { AgentsGateway } from './agents.gateway';
import { AgentsService } from './agents.service';
import { EnrollSecretService } from './enroll-secret.service';
import { EnrollmentController } from './enrollment.controller';
import { EnrollmentService } from './enrollment.service';
import { PresenceService } from './presence.service';

@Module({
  imports: [HostsModule, IngestModule, JobSigningModule],
  controllers: [EnrollmentController, AgentAdminController],
  providers: [
    AgentAdminService,
    AgentAuthenticator,
    AgentsGateway,
    AgentsService,
    EnrollSecretService,
    EnrollmentService,
    PresenceService,
  ],
  exports: [PresenceService],
})
export class AgentsModule {}
