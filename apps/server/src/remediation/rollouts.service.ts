/** Rollouts and jobs as people read them, and cancelling a rollout. */
import { Injectable } from '@nestjs/common';
import type { JobListQuery, JobView, RolloutView } from '@fleetmedic/protocol';
import { AuditService } from '../audit/audit.service';
import { type RequestPrincipal, actorOf } from '../auth/principal';
import { HostsRepository } from '../hosts/hosts.repository';
import type { JobEntity } from './job.entity';
import { RemediationError, RemediationErrorCode } from './remediation.errors';
import { RemediationRepository } from './remediation.repository';
import { toJobView, toRolloutView } from './remediation-views';
import { RolloutOrchestrator } from './rollout-orchestrator.service';

@Injectable()
export class RolloutsService {
  constructor(
    private readonly repository: RemediationRepository,
    private readonly orchestrator: RolloutOrchestrator,
    private readonly hosts: HostsRepository,
    private readonly audit: AuditService,
  ) {}

  async list(incidentId: string | undefined): Promise<RolloutView[]> {
    const rollouts =
      incidentId === undefined
        ? await this.repository.recentRollouts(100)
        : await this.repository.rolloutsOf(incidentId);
    return Promise.all(
      rollouts.map(async (rollout) => toRolloutView(rollout, await this.repository.jobsOf(rollout.id))),
    );
  }

  async get(id: string): Promise<RolloutView> {
    const rollout = await this.repository.rollout(id);
    if (rollout === null) throw RemediationError.rolloutNotFound(id);
    return toRolloutView(rollout, await this.repository.jobsOf(id));
  }

  async jobs(query: JobListQuery): Promise<JobView[]> {
    let jobs: JobEntity[];
    if (query.rollout !== undefined) {
      if ((await this.repository.rollout(query.rollout)) === null)
        throw RemediationError.rolloutNotFound(query.rollout);
      jobs = await this.repository.jobsOf(query.rollout);
    } else jobs = await this.repository.jobsOfIncident(query.incident!);
    const hostnames = new Map(
      (await this.hosts.listByIds([...new Set(jobs.map((job) => job.hostId))])).map(({ host }) => [
        host.id,
        host.hostname,
      ]),
    );
    return jobs.map((job) => toJobView(job, hostnames.get(job.hostId) ?? job.hostId));
  }

  async cancel(id: string, principal: RequestPrincipal, ip: string): Promise<RolloutView> {
    const rollout = await this.repository.rollout(id);
    if (rollout === null) throw RemediationError.rolloutNotFound(id);
    const reason = `cancelled by ${principal.user.username}`;
    if (!(await this.orchestrator.cancel(rollout, reason)))
      throw RemediationError.conflict(
        RemediationErrorCode.RolloutEnded,
        `Rollout ${id} has ended already (${rollout.status}); there is nothing to cancel.`,
      );
    await this.audit.record({
      action: 'rollout.cancelled',
      outcome: 'success',
      actor: actorOf(principal),
      target: `rollout:${id}`,
      ip,
      detail: { incidentId: rollout.incidentId, playbookId: rollout.playbookId },
    });
    return this.get(id);
  }
}
