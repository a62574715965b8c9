/**
 * Medium: rollouts and jobs on SQLite and PostgreSQL. One running rollout per incident however approvals
 * race; a job's outcome is taken once however reports race; rules count the hosts they approved today.
 */
import { randomUUID } from 'node:crypto';
import { DatabaseWrites } from '../database/database-writes';
import { type TestDatabase, openTestDatabase } from '../testing/databases';
import { AutoRuleEntity } from './auto-rule.entity';
import { JobEntity } from './job.entity';
import { RemediationRepository } from './remediation.repository';
import { RolloutEntity } from './rollout.entity';

const NOW = '2026-12-04T08:00:00.000Z';

function newRollout(incidentId: string, overrides: Partial<RolloutEntity> = {}): RolloutEntity {
  return Object.assign(new RolloutEntity(), {
    id: randomUUID(),
    incidentId,
    playbookId: 'spooler-rpc-internet',
    playbookVersion: 1,
    status: 'running',
    phase: 'canary',
    canaryHostId: null,
    hostCount: 2,
    parallelism: 5,
    failureBudget: 0,
    approvedById: null,
    approvedByName: 'tester',
    ruleId: null,
    reason: null,
    reasonCode: null,
    note: null,
    createdAt: NOW,
    updatedAt: NOW,
    finishedAt: null,
    ...overrides,
  } satisfies RolloutEntity);
}

function newJob(rollout: RolloutEntity, position: number): JobEntity {
  const id = randomUUID();
  const hostId = randomUUID();
  return Object.assign(new JobEntity(), {
    id,
    rolloutId: rollout.id,
    incidentId: rollout.incidentId,
    hostId,
    playbookId: rollout.playbookId,
    canary: position === 0,
    position,
    status: 'pending',
    signed: {
      job: {
        jobId: id,
        hostId,
        incidentId: rollout.incidentId,
        playbookId: rollout.playbookId,
        playbookVersion: 1,
        steps: [{ kind: 'service.start', service: 'Spooler' }],
        issuedAt: NOW,
        expiresAt: '2026-12-05T08:00:00.000Z',
      },
      signature: 'c2lnbmF0dXJl',
    },
    stepCount: 1,
    steps: [],
    rollback: [],
    refusal: null,
    message: null,
    restartPending: false,
    attempts: 0,
    createdAt: NOW,
    sentAt: null,
    finishedAt: null,
    expiresAt: '2026-12-05T08:00:00.000Z',
  } satisfies JobEntity);
}

describe.each(['sqlite', 'postgres'] as const)('RemediationRepository on %s', (kind) => {
  let db: TestDatabase;
  let repository: RemediationRepository;

  beforeAll(async () => {
    db = await openTestDatabase(kind);
    repository = new RemediationRepository(db.dataSource, new DatabaseWrites(db.dataSource));
  });

  afterAll(async () => {
    await db.drop();
  });

  it('stores a rollout with its jobs and gives them back in order, signed job included', async () => {
    const rollout = newRollout(randomUUID());
    const jobs = [newJob(rollout, 0), newJob(rollout, 1)];
    await repository.insertRollout(rollout, jobs);
    const stored = await repository.jobsOf(rollout.id);
    expect(stored.map((job) => [job.position, job.canary, job.signed.job.jobId])).toEqual([
      [0, true, jobs[0]!.id],
      [1, false, jobs[1]!.id],
    ]);
    // What was given is left as it was.
    expect(jobs.map((job) => job.signed.job.jobId)).toEqual(jobs.map((job) => job.id));
    expect(jobs.map((job) => job.position)).toEqual([0, 1]);
    expect(await repository.runningRolloutOf(rollout.incidentId)).toMatchObject({ id: rollout.id });
  });

  it('keeps one running rollout per incident when two approvals race, and stores nothing of the loser', async () => {
    const incidentId = randomUUID();
    const first = newRollout(incidentId);
    const second = newRollout(incidentId);
    const results = await Promise.allSettled([
      repository.insertRollout(first, [newJob(first, 0)]),
      repository.insertRollout(second, [newJob(second, 0)]),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rollouts = await repository.rolloutsOf(incidentId);
    expect(rollouts).toHaveLength(1);
    expect(await repository.jobsOfIncident(incidentId)).toHaveLength(1);
    // Once it has ended, the incident may have another.
    expect(await repository.updateRollout(rollouts[0]!.id, 'running', { status: 'completed' })).toBe(true);
    const third = newRollout(incidentId);
    await expect(repository.insertRollout(third, [newJob(third, 0)])).resolves.toBeUndefined();
  });

  it('takes a job’s outcome once when two reports race', async () => {
    const rollout = newRollout(randomUUID());
    const job = newJob(rollout, 0);
    await repository.insertRollout(rollout, [job]);
    const outcomes = await Promise.all([
      repository.updateJob(job.id, ['pending', 'sent', 'running'], { status: 'succeeded' }),
      repository.updateJob(job.id, ['pending', 'sent', 'running'], { status: 'rolled-back' }),
    ]);
    expect(outcomes.sort()).toEqual([false, true]);
    expect(['succeeded', 'rolled-back']).toContain((await repository.job(job.id))!.status);
  });

  it('puts jobs sent before a restart back to waiting, and leaves running ones alone', async () => {
    const rollout = newRollout(randomUUID());
    const [sent, running] = [newJob(rollout, 0), newJob(rollout, 1)];
    await repository.insertRollout(rollout, [
      { ...sent, status: 'sent' },
      { ...running, status: 'running' },
    ]);
    await repository.requeueSentJobs();
    expect((await repository.jobsOf(rollout.id)).map((job) => job.status)).toEqual(['pending', 'running']);
  });

  it('counts the hosts a rule approved since a time, jobs that never ran excepted, and hides expired rules', async () => {
    const ruleId = randomUUID();
    await repository.insertRule(
      Object.assign(new AutoRuleEntity(), {
        id: ruleId,
        knownIssueId: 'spooler-rpc-internet',
        fingerprint: null,
        playbookId: 'spooler-rpc-internet',
        tags: ['site-a'],
        maxHostsPerDay: 3,
        parallelism: 5,
        failureBudget: 0,
        expiresAt: '2026-12-10T00:00:00.000Z',
        note: null,
        createdById: null,
        createdByName: 'tester',
        createdAt: NOW,
        deletedAt: null,
      } satisfies AutoRuleEntity),
    );
    const rollout = newRollout(randomUUID(), { ruleId });
    const jobs = [
      newJob(rollout, 0),
      newJob(rollout, 1),
      { ...newJob(rollout, 2), status: 'refused' as const },
    ];
    await repository.insertRollout(rollout, jobs);
    expect(await repository.hostsApprovedUnderRule(ruleId, '2026-12-04T00:00:00.000Z')).toBe(2);
    expect(await repository.hostsApprovedUnderRule(ruleId, '2026-12-05T00:00:00.000Z')).toBe(0);
    expect((await repository.activeRules('2026-12-09T00:00:00.000Z')).map((rule) => rule.id)).toContain(
      ruleId,
    );
    expect((await repository.activeRules('2026-12-11T00:00:00.000Z')).map((rule) => rule.id)).not.toContain(
      ruleId,
    );
    expect(await repository.deleteRule(ruleId, NOW)).toBe(true);
    expect(await repository.rule(ruleId)).toBeNull();
    expect(await repository.deleteRule(ruleId, NOW)).toBe(false);
  });
});
