import { describe, expect, it } from '@jest/globals';
import { newJob, newRollout, newStep } from '../testing/remediation-factories';
import { inRunOrder, jobProgress, rolloutTally } from './progress';

describe('a host job’s progress', () => {
  it('counts the steps done and names the one running, a step reported twice counting once', () => {
    const job = newJob({
      status: 'running',
      steps: [newStep(0, 'running'), newStep(0, 'succeeded'), newStep(1, 'succeeded'), newStep(2, 'running')],
    });
    const progress = jobProgress(job);
    expect(progress.run.done).toBe(2);
    expect(progress.stepCount).toBe(4);
    expect(progress.percent).toBe(50);
    expect(progress.run.running?.index).toBe(2);
    expect(progress.run.failed).toBeNull();
    expect(progress.rollback).toBeNull();
    expect(progress.finished).toBe(false);
  });

  it('names the failing step with its message, and what was put back after it', () => {
    const job = newJob({
      status: 'rolled-back',
      steps: [newStep(0, 'succeeded'), newStep(1, 'succeeded'), newStep(2, 'failed')],
      rollback: [
        newStep(0, 'succeeded', { phase: 'rollback', kind: 'service.stop' }),
        newStep(1, 'succeeded', { phase: 'rollback', kind: 'registry.import' }),
      ],
    });
    const progress = jobProgress(job);
    expect(progress.run.done).toBe(2);
    expect(progress.run.failed).toMatchObject({
      index: 2,
      kind: 'service.start',
      message: expect.stringMatching(/0x80070057/),
    });
    expect(progress.rollback).toMatchObject({ done: 2, total: 2, failed: null });
    expect(progress.finished).toBe(true);
  });

  it('is complete once the job succeeded, and reads rollback steps wherever the server files them', () => {
    expect(jobProgress(newJob({ status: 'succeeded', steps: [newStep(0, 'succeeded')] })).percent).toBe(100);
    const misfiled = jobProgress(
      newJob({
        status: 'running',
        steps: [newStep(0, 'failed'), newStep(0, 'running', { phase: 'rollback', kind: 'registry.import' })],
      }),
    );
    expect(misfiled.run.failed?.index).toBe(0);
    expect(misfiled.rollback?.running?.kind).toBe('registry.import');
  });
});

describe('a rollout’s tally', () => {
  it('counts the jobs it knows (fresher than the rollout’s own counts) and the failures against the budget', () => {
    const rollout = newRollout({ hostCount: 4, failureBudget: 1, failures: 0, phase: 'waves' });
    const jobs = [
      newJob({ status: 'succeeded', canary: true, order: 0 }),
      newJob({ status: 'rolled-back', order: 1 }),
      newJob({ status: 'running', order: 2 }),
      newJob({ status: 'pending', order: 3 }),
    ];
    const tally = rolloutTally(rollout, jobs);
    expect(tally).toMatchObject({
      hostCount: 4,
      succeeded: 1,
      fixFailed: 1,
      inProgress: 1,
      waiting: 1,
      finished: 2,
      failures: 1,
      budgetLeft: 0,
      overBudget: false,
    });
    const worse = rolloutTally(rollout, [
      ...jobs.slice(0, 3),
      newJob({ status: 'rollback-failed', order: 3 }),
    ]);
    expect(worse).toMatchObject({ failures: 2, overBudget: true, budgetLeft: 0 });
  });

  it('does not count a failed canary against the budget: the canary halts the rollout by itself', () => {
    const tally = rolloutTally(newRollout({ status: 'halted' }), [
      newJob({ status: 'rolled-back', canary: true, order: 0 }),
      newJob({ status: 'cancelled', order: 1 }),
    ]);
    expect(tally).toMatchObject({ fixFailed: 1, failures: 0, notRun: 1, overBudget: false });
  });

  it('uses the rollout’s own counts until its jobs are loaded', () => {
    const rollout = newRollout({
      hostCount: 5,
      failures: 1,
      counts: { ...newRollout().counts, pending: 0, succeeded: 4, 'rolled-back': 1 },
    });
    expect(rolloutTally(rollout, [])).toMatchObject({ succeeded: 4, fixFailed: 1, failures: 1, finished: 5 });
  });
});

describe('run order', () => {
  it('puts the canary first, then the waves in their order', () => {
    const jobs = [
      newJob({ order: 2, hostname: 'B' }),
      newJob({ order: 0, hostname: 'C' }),
      newJob({ order: 1, hostname: 'A' }),
    ];
    expect(inRunOrder(jobs).map((job) => job.hostname)).toEqual(['C', 'A', 'B']);
  });
});
