import { describe, expect, it } from '@jest/globals';
import { newPlan, newRollout } from '../testing/remediation-factories';
import {
  approvalBlocker,
  approvalBounds,
  approvalInputOf,
  approvalInputProblems,
  approveRequestOf,
  canCancel,
  runningRollout,
} from './approval';

describe('who may approve a fix, and when', () => {
  it('offers approval to approvers and admins only, and tells everyone else why not', () => {
    const plan = newPlan();
    expect(approvalBlocker(plan, false, true)).toBeNull();
    expect(approvalBlocker(plan, false, false)).toBe('role');
  });

  it('gives the reason that matters most: no playbook, then a fix already running, then nothing failing', () => {
    const plan = newPlan();
    expect(approvalBlocker({ ...plan, playbook: null }, true, false)).toBe('noPlaybook');
    expect(approvalBlocker(plan, true, true)).toBe('running');
    expect(approvalBlocker(plan, true, false)).toBe('running');
    const recovered = { ...plan, hosts: plan.hosts.map((host) => ({ ...host, failing: false })) };
    expect(approvalBlocker(recovered, false, true)).toBe('noHosts');
  });

  it('lets approvers cancel a running rollout only', () => {
    expect(canCancel(newRollout({ status: 'running' }), true)).toBe(true);
    expect(canCancel(newRollout({ status: 'running' }), false)).toBe(false);
    expect(canCancel(newRollout({ status: 'halted' }), true)).toBe(false);
  });
});

describe('the running rollout', () => {
  it('trusts what was seen live over the plan it was read with', () => {
    const running = newRollout({ status: 'running' });
    const finished = newRollout({ status: 'completed' });
    expect(runningRollout(newPlan(), [finished, running])).toEqual({ id: running.id, rollout: running });
    // The plan still calls it active, but it was seen completing.
    expect(runningRollout(newPlan({ activeRolloutId: finished.id }), [finished])).toBeNull();
    // The plan names one not loaded yet: it runs, its progress is on the way.
    expect(runningRollout(newPlan({ activeRolloutId: running.id }), [])).toEqual({
      id: running.id,
      rollout: null,
    });
    expect(runningRollout(null, [])).toBeNull();
  });
});

describe('rollout settings', () => {
  it('bounds the failure budget by the hosts after the canary, and starts from the plan’s defaults', () => {
    const plan = newPlan({ parallelism: 5, failureBudget: 10 });
    expect(approvalBounds(plan)).toEqual({
      parallelism: { min: 1, max: 100 },
      failureBudget: { min: 0, max: 2 },
    });
    expect(approvalInputOf(plan)).toEqual({ parallelism: 5, failureBudget: 2, note: '' });
  });

  it('points at each field out of bounds, empty or not whole', () => {
    const bounds = approvalBounds(newPlan());
    expect(approvalInputProblems({ parallelism: 5, failureBudget: 0, note: '' }, bounds)).toEqual([]);
    expect(approvalInputProblems({ parallelism: 0, failureBudget: 3, note: '' }, bounds)).toEqual([
      'parallelism',
      'failureBudget',
    ]);
    expect(
      approvalInputProblems({ parallelism: '', failureBudget: 1.5, note: 'x'.repeat(501) }, bounds),
    ).toEqual(['parallelism', 'failureBudget', 'note']);
  });

  it('approves the playbook that was previewed, with the settings, and the note only when there is one', () => {
    const plan = newPlan();
    expect(approveRequestOf(plan, { parallelism: 2, failureBudget: 1, note: '  ' })).toEqual({
      playbookId: 'spooler-rpc-internet',
      parallelism: 2,
      failureBudget: 1,
    });
    expect(approveRequestOf(plan, { parallelism: 2, failureBudget: 1, note: ' ticket 4411 ' }).note).toBe(
      'ticket 4411',
    );
  });
});
