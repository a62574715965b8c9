/** The rollout's decisions from its state alone: canary first, waves within parallelism, the failure budget. */
import type { JobStatus } from '@fleetmedic/protocol';
import { type JobState, type RolloutState, nextDecision } from './rollout-policy';

const NOW = Date.parse('2026-12-04T08:00:00Z');
const LATER = '2026-12-05T08:00:00.000Z';

function jobs(...statuses: JobStatus[]): JobState[] {
  return statuses.map((status, position) => ({
    id: `job-${position}`,
    hostId: `host-${position}`,
    canary: position === 0,
    position,
    status,
    expiresAt: LATER,
  }));
}

const canary: RolloutState = { status: 'running', phase: 'canary', parallelism: 2, failureBudget: 0 };
const waves: RolloutState = { ...canary, phase: 'waves' };
const everyoneOnline = () => true;

describe('nextDecision', () => {
  it('sends the canary alone, and nothing else until it succeeded', () => {
    expect(nextDecision(canary, jobs('pending', 'pending', 'pending'), everyoneOnline, NOW)).toEqual({
      kind: 'send',
      jobIds: ['job-0'],
    });
    expect(nextDecision(canary, jobs('running', 'pending', 'pending'), everyoneOnline, NOW)).toEqual({
      kind: 'wait',
    });
    expect(nextDecision(canary, jobs('succeeded', 'pending'), everyoneOnline, NOW)).toEqual({
      kind: 'enter-waves',
    });
  });

  it('hands an offline canary’s place to an online PC before its job is sent, when it refused or expired', () => {
    expect(nextDecision(canary, jobs('pending', 'pending'), (host) => host !== 'host-0', NOW)).toEqual({
      kind: 'promote-canary',
      jobId: 'job-1',
    });
    expect(nextDecision(canary, jobs('pending', 'pending'), () => false, NOW)).toEqual({ kind: 'wait' });
    expect(nextDecision(canary, jobs('refused', 'pending', 'pending'), everyoneOnline, NOW)).toEqual({
      kind: 'promote-canary',
      jobId: 'job-1',
    });
    expect(
      nextDecision(canary, jobs('expired', 'pending', 'pending'), (host) => host === 'host-2', NOW),
    ).toEqual({ kind: 'promote-canary', jobId: 'job-2' });
    expect(nextDecision(canary, jobs('refused'), everyoneOnline, NOW)).toMatchObject({ kind: 'halt' });
  });

  it('holds the rollout while every PC is offline, until the jobs, signed with one expiry, expire together', () => {
    const offlineCanary = () => false;
    const after = Date.parse(LATER) + 1;
    expect(nextDecision(canary, jobs('pending', 'pending'), offlineCanary, after)).toEqual({
      kind: 'expire',
      jobIds: ['job-0', 'job-1'],
    });
    expect(nextDecision(canary, jobs('expired', 'expired'), offlineCanary, after)).toMatchObject({
      kind: 'halt',
      code: 'no-canary',
    });
  });

  it('halts when the canary’s fix failed, whatever the budget', () => {
    for (const status of ['rolled-back', 'rollback-failed'] as const)
      expect(
        nextDecision({ ...canary, failureBudget: 10 }, jobs(status, 'pending'), everyoneOnline, NOW),
      ).toMatchObject({ kind: 'halt' });
  });

  it('keeps at most `parallelism` jobs in flight, and sends only to online hosts', () => {
    expect(
      nextDecision(waves, jobs('succeeded', 'pending', 'pending', 'pending'), everyoneOnline, NOW),
    ).toEqual({
      kind: 'send',
      jobIds: ['job-1', 'job-2'],
    });
    expect(nextDecision(waves, jobs('succeeded', 'running', 'sent', 'pending'), everyoneOnline, NOW)).toEqual(
      {
        kind: 'wait',
      },
    );
    expect(
      nextDecision(
        waves,
        jobs('succeeded', 'pending', 'pending', 'pending'),
        (host) => host !== 'host-1',
        NOW,
      ),
    ).toEqual({ kind: 'send', jobIds: ['job-2', 'job-3'] });
  });

  it('halts once more hosts failed than the budget allows', () => {
    expect(
      nextDecision(waves, jobs('succeeded', 'rolled-back', 'pending'), everyoneOnline, NOW),
    ).toMatchObject({
      kind: 'halt',
      reason: '1 host failed, more than the failure budget of 0',
    });
    expect(
      nextDecision(
        { ...waves, failureBudget: 1 },
        jobs('succeeded', 'rolled-back', 'pending'),
        everyoneOnline,
        NOW,
      ),
    ).toEqual({ kind: 'send', jobIds: ['job-2'] });
  });

  it('expires jobs whose host never came back or never reported, and completes when nothing is left', () => {
    const stale = jobs('succeeded', 'pending');
    stale[1]!.expiresAt = '2026-12-04T07:59:59.000Z';
    expect(nextDecision(waves, stale, everyoneOnline, NOW)).toEqual({ kind: 'expire', jobIds: ['job-1'] });
    const silent = jobs('succeeded', 'running', 'sent');
    for (const job of silent) job.expiresAt = '2026-12-04T07:00:00.000Z';
    expect(nextDecision(waves, silent, everyoneOnline, NOW)).toEqual({ kind: 'expire', jobIds: ['job-2'] });
    silent[1]!.expiresAt = '2026-12-04T01:59:59.000Z';
    expect(nextDecision(waves, silent, everyoneOnline, NOW)).toEqual({
      kind: 'expire',
      jobIds: ['job-1', 'job-2'],
    });
    expect(nextDecision(waves, jobs('succeeded', 'expired', 'succeeded'), everyoneOnline, NOW)).toEqual({
      kind: 'complete',
    });
  });

  it('does nothing for a rollout that has ended', () => {
    for (const status of ['completed', 'halted', 'cancelled'] as const)
      expect(nextDecision({ ...waves, status }, jobs('succeeded', 'pending'), everyoneOnline, NOW)).toEqual({
        kind: 'wait',
      });
  });
});
