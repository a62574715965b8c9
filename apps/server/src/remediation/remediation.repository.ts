/** Persistence of rollouts, their jobs and auto-remediation rules. Every write goes through DatabaseWrites. */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobStatus, RolloutStatus } from '@fleetmedic/protocol';
import { DataSource, In, IsNull, MoreThanOrEqual } from 'typeorm';
import { DatabaseWrites } from '../database/database-writes';
import { AutoRuleEntity } from './auto-rule.entity';
import { JobEntity } from './job.entity';
import { RolloutEntity } from './rollout.entity';

@Injectable()
export class RemediationRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly writes: DatabaseWrites,
  ) {}

  // ---- rollouts ----

  /**
   * The rollout and all its jobs, or nothing. The entities given are left as they are: TypeORM's re-reading of
   * column defaults after a multi-row insert on SQLite can hand one row's values to another object.
   */
  insertRollout(rollout: RolloutEntity, jobs: readonly JobEntity[]): Promise<void> {
    return this.writes.transaction(async (manager) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(RolloutEntity)
        .values(rollout)
        .updateEntity(false)
        .execute();
      for (let start = 0; start < jobs.length; start += 100)
        await manager
          .createQueryBuilder()
          .insert()
          .into(JobEntity)
          .values(jobs.slice(start, start + 100))
          .updateEntity(false)
          .execute();
    });
  }

  rollout(id: string): Promise<RolloutEntity | null> {
    return this.dataSource.getRepository(RolloutEntity).findOneBy({ id });
  }

  rolloutsOf(incidentId: string): Promise<RolloutEntity[]> {
    return this.dataSource
      .getRepository(RolloutEntity)
      .find({ where: { incidentId }, order: { createdAt: 'DESC' } });
  }

  recentRollouts(limit: number): Promise<RolloutEntity[]> {
    return this.dataSource.getRepository(RolloutEntity).find({ order: { createdAt: 'DESC' }, take: limit });
  }

  rolloutsWithStatus(status: RolloutStatus): Promise<RolloutEntity[]> {
    return this.dataSource.getRepository(RolloutEntity).findBy({ status });
  }

  async runningRolloutOf(incidentId: string): Promise<RolloutEntity | null> {
    return this.dataSource.getRepository(RolloutEntity).findOneBy({ incidentId, status: 'running' });
  }

  /** Changes the rollout only while it has `from` status; false when it had moved on already. */
  async updateRollout(id: string, from: RolloutStatus, patch: Partial<RolloutEntity>): Promise<boolean> {
    const result = await this.writes.transaction((manager) =>
      manager.update(RolloutEntity, { id, status: from }, patch),
    );
    return (result.affected ?? 0) > 0;
  }

  // ---- jobs ----

  job(id: string): Promise<JobEntity | null> {
    return this.dataSource.getRepository(JobEntity).findOneBy({ id });
  }

  jobsOf(rolloutId: string): Promise<JobEntity[]> {
    return this.dataSource
      .getRepository(JobEntity)
      .find({ where: { rolloutId }, order: { position: 'ASC' } });
  }

  jobsOfIncident(incidentId: string): Promise<JobEntity[]> {
    return this.dataSource
      .getRepository(JobEntity)
      .find({ where: { incidentId }, order: { createdAt: 'ASC', position: 'ASC' } });
  }

  /** Rollouts with a job of this host in one of `statuses`. */
  async rolloutIdsWithJobsOf(hostId: string, statuses: readonly JobStatus[]): Promise<string[]> {
    const jobs = await this.dataSource
      .getRepository(JobEntity)
      .find({ select: { rolloutId: true }, where: { hostId, status: In([...statuses]) } });
    return [...new Set(jobs.map((job) => job.rolloutId))];
  }

  /**
   * Changes the job only while its status is one of `from`: two reports of one job, or a report racing an
   * expiry, change it once. Returns whether it changed.
   */
  async updateJob(id: string, from: readonly JobStatus[], patch: Partial<JobEntity>): Promise<boolean> {
    const result = await this.writes.transaction((manager) =>
      manager.update(JobEntity, { id, status: In([...from]) }, patch),
    );
    return (result.affected ?? 0) > 0;
  }

  async updateJobs(
    ids: readonly string[],
    from: readonly JobStatus[],
    patch: Partial<JobEntity>,
  ): Promise<number> {
    if (ids.length === 0) return 0;
    const result = await this.writes.transaction((manager) =>
      manager.update(JobEntity, { id: In([...ids]), status: In([...from]) }, patch),
    );
    return result.affected ?? 0;
  }

  /** Jobs handed to agents whose answer a server restart lost: they go back to waiting (see the orchestrator). */
  async requeueSentJobs(): Promise<number> {
    const result = await this.writes.transaction((manager) =>
      manager.update(JobEntity, { status: 'sent' }, { status: 'pending' }),
    );
    return result.affected ?? 0;
  }

  /** Hosts approved under a rule since `since` (jobs of its rollouts). */
  hostsApprovedUnderRule(ruleId: string, since: string): Promise<number> {
    return this.dataSource
      .getRepository(JobEntity)
      .createQueryBuilder('job')
      .innerJoin(RolloutEntity, 'rollout', 'rollout.id = job.rollout_id')
      .where('rollout.rule_id = :ruleId', { ruleId })
      .andWhere('job.created_at >= :since', { since })
      .andWhere('job.status NOT IN (:...unrun)', { unrun: ['refused', 'expired', 'cancelled'] })
      .getCount();
  }

  rolloutCountOfRule(ruleId: string): Promise<number> {
    return this.dataSource.getRepository(RolloutEntity).countBy({ ruleId });
  }

  // ---- rules ----

  insertRule(rule: AutoRuleEntity): Promise<void> {
    return this.writes.transaction(async (manager) => {
      await manager.insert(AutoRuleEntity, rule);
    });
  }

  rules(): Promise<AutoRuleEntity[]> {
    return this.dataSource
      .getRepository(AutoRuleEntity)
      .find({ where: { deletedAt: IsNull() }, order: { createdAt: 'ASC' } });
  }

  rule(id: string): Promise<AutoRuleEntity | null> {
    return this.dataSource.getRepository(AutoRuleEntity).findOneBy({ id, deletedAt: IsNull() });
  }

  /** Rules that approve something at `now`. */
  activeRules(now: string): Promise<AutoRuleEntity[]> {
    return this.dataSource.getRepository(AutoRuleEntity).find({
      where: [
        { deletedAt: IsNull(), expiresAt: IsNull() },
        { deletedAt: IsNull(), expiresAt: MoreThanOrEqual(now) },
      ],
      order: { createdAt: 'ASC' },
    });
  }

  async deleteRule(id: string, at: string): Promise<boolean> {
    const result = await this.writes.transaction((manager) =>
      manager.update(AutoRuleEntity, { id, deletedAt: IsNull() }, { deletedAt: at }),
    );
    return (result.affected ?? 0) > 0;
  }
}
