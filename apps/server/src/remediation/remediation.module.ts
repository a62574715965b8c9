import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { HostsModule } from '../hosts/hosts.module';
import { IncidentsModule } from '../incidents/incidents.module';
import { AgentJobChannel } from './agent-job-channel';
import { AgentJobsGateway } from './agent-jobs.gateway';
import { ApprovalsService } from './approvals.service';
import { AutoRulesController } from './auto-rules.controller';
import { AutoRulesService } from './auto-rules.service';
import { JobSigningModule } from './job-signing.module';
import { RemediationController } from './remediation.controller';
import { RemediationEvents } from './remediation-events';
import { RemediationRepository } from './remediation.repository';
import { RolloutOrchestrator } from './rollout-orchestrator.service';
import { RolloutsController } from './rollouts.controller';
import { RolloutsService } from './rollouts.service';

/** Approvals, rollouts (canary, waves, failure budget), signed jobs to the agents, auto-remediation rules. */
@Module({
  imports: [AuditModule, HostsModule, IncidentsModule, JobSigningModule],
  controllers: [RemediationController, RolloutsController, AutoRulesController],
  providers: [
    AgentJobChannel,
    AgentJobsGateway,
    ApprovalsService,
    AutoRulesService,
    RemediationEvents,
    RemediationRepository,
    RolloutOrchestrator,
    RolloutsService,
  ],
  exports: [RemediationEvents, ApprovalsService],
})
export class RemediationModule {}
