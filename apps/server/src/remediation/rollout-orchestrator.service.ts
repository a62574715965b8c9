/**
 * Runs approved rollouts: asks `nextDecision` what to do and does it, until there is nothing to do but wait
 * for an agent. Everything a rollout is lives in the database, so after a restart it carries on where it
 * was: jobs that were handed out but not answered go back to waiting and are sent again, and an agent that
 * had accepted one already answers REPLAYED (it never runs a job twice) and reports it when done. Work on one
 * rollout takes turns, so two reports, an ack and a tick never step on each other.
 */
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  JobRefusal,
  type Ack,
  type JobDecisionAck,
  type JobProgress,
  type JobReport,
  type OkAck,
  type StepResult,
} from '@fleetmedic/protocol';
import type { Subscription } from 'rxjs';
import { AuditService, SYSTEM_ACTOR, agentActor } from '../audit/audit.service';
import { HostsRepository } from '../hosts/hosts.repository';
import { AgentJobChannel } from './agent-job-channel';
import type { JobEntity } from './job.entity';
import { RemediationEvents } from './remediation-events';
import { RemediationRepository } from './remediation.repository';
import { toJobView, toRolloutView } from './remediation-views';
import type { RolloutEntity } from './rollout.entity';
import { isFinal, nextDecision, type RolloutDecision } from './rollout-policy';

/** How often running rollouts are looked at without news (expiries, busy agents, missed connections). */
export const ROLLOUT_TICK_MS = 2_000;

const iso = () => new Date().toISOString();

/** Statuses a report may end: every one but an outcome already reported and a refusal (nothing ran). */
const REPORTABLE: JobEntity['status'][] = ['pending', 'sent', 'running', 'expired', 'cancelled'];

@Injectable()
export class RolloutOrchestrator implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(RolloutOrchestrator.name);
  private readonly turns = new Map<string, Promise<unknown>>();
  private readonly dispatches = new Set<Promise<void>>();
  private subscription: Subscription | undefined;
  private ticker: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly repository: RemediationRepository,
    private readonly channel: AgentJobChannel,
    private readonly events: RemediationEvents,
    private readonly audit: AuditService,
    private readonly hosts: HostsRepository,
  ) {}

  async onModuleInit(): Promise<void> {
    const requeued = await this.repository.requeueSentJobs();
    if (requeued > 0)
      this.logger.log(`${requeued} job(s) handed out before the restart wait to be sent again`);
    this.subscription = this.channel.hostReady$.subscribe((hostId) => void this.hostReady(hostId));
    this.ticker = setInterval(() => void this.tick(), ROLLOUT_TICK_MS);
    this.ticker.unref();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.subscription?.unsubscribe();
    clearInterval(this.ticker);
    await Promise.allSettled([...this.dispatches, ...this.turns.values()]);
  }

  /** Moves a rollout forward as far as it can go now. */
  advance(rolloutId: string): Promise<void> {
    return this.inTurn(rolloutId, () => this.advanceNow(rolloutId));
  }

  async cancel(rollout: RolloutEntity, reason: string): Promise<boolean> {
    return this.inTurn(rollout.id, async () => {
      const changed = await this.repository.updateRollout(rollout.id, 'running', {
        status: 'cancelled',
        phase: 'done',
        reason,
        reasonCode: 'cancelled',
        finishedAt: iso(),
        updatedAt: iso(),
      });
      if (changed) await this.cancelPending(rollout.id);
      return changed;
    });
  }

  async progress(hostId: string, progress: JobProgress): Promise<void> {
    const job = await this.repository.job(progress.jobId);
    if (job === null || job.hostId !== hostId) return;
    await this.inTurn(job.rolloutId, async () => {
      const current = await this.repository.job(job.id);
      if (current === null || isFinal(current.status)) return;
      const list = progress.step.phase === 'run' ? current.steps : current.rollback;
      const merged = mergeStep(list, progress.step);
      const patch: Partial<JobEntity> =
        progress.step.phase === 'run' ? { steps: merged } : { rollback: merged };
      if (
        await this.repository.updateJob(current.id, ['pending', 'sent', 'running'], {
          ...patch,
          status: 'running',
        })
      )
        await this.publishJob({ ...current, ...patch, status: 'running' }, current.status !== 'running');
    });
  }

  /**
   * Takes a job's outcome once; a report sent again (the agent resends until acked) changes nothing. The PC's
   * word beats the server's guess: a job the server gave up on as expired or cancelled, because the agent's
   * answer never arrived, did run when its report comes, and the report replaces that status.
   */
  async report(hostId: string, report: JobReport): Promise<Ack<OkAck>> {
    const job = await this.repository.job(report.jobId);
    if (job === null) {
      this.logger.warn(`Host ${hostId} reported job ${report.jobId}, which this server does not know`);
      return { ok: true };
    }
    if (job.hostId !== hostId)
      return {
        ok: false,
        error: { code: 'HOST_MISMATCH', message: `job ${report.jobId} is not this host's job` },
      };
    await this.inTurn(job.rolloutId, async () => {
      const patch: Partial<JobEntity> = {
        status: report.outcome,
        steps: report.steps,
        rollback: report.rollback,
        restartPending: report.restartPending,
        message: report.message,
        finishedAt: report.finishedAt,
      };
      if (!(await this.repository.updateJob(job.id, REPORTABLE, patch))) return;
      const finished = { ...job, ...patch };
      const hostname = await this.publishJob(finished);
      await this.audit.record({
        action: 'job.finished',
        outcome: report.outcome === 'succeeded' ? 'success' : 'failure',
        actor: agentActor(hostId, hostname),
        target: `job:${job.id}`,
        detail: {
          rolloutId: job.rolloutId,
          incidentId: job.incidentId,
          playbookId: job.playbookId,
          outcome: report.outcome,
          canary: job.canary,
          message: report.message,
          restartPending: report.restartPending,
        },
      });
      await this.advanceNow(job.rolloutId);
    });
    return { ok: true };
  }

  private async hostReady(hostId: string): Promise<void> {
    try {
      for (const rolloutId of await this.repository.rolloutIdsWithJobsOf(hostId, ['pending']))
        await this.advance(rolloutId);
    } catch (error) {
      this.logger.error(`Could not send waiting jobs to host ${hostId}: ${String(error)}`);
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const rollout of await this.repository.rolloutsWithStatus('running'))
        await this.advance(rollout.id);
    } catch (error) {
      this.logger.error(`Could not look at running rollouts: ${String(error)}`);
    }
  }

  private inTurn<T>(rolloutId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.turns.get(rolloutId) ?? Promise.resolve();
    const turn = previous.then(work, work);
    const settled = turn.catch((error: unknown) =>
      this.logger.error(`Rollout ${rolloutId}: ${String(error)}`),
    );
    this.turns.set(rolloutId, settled);
    void settled.then(() => {
      if (this.turns.get(rolloutId) === settled) this.turns.delete(rolloutId);
    });
    return turn;
  }

  private async advanceNow(rolloutId: string): Promise<void> {
    for (let guard = 0; guard < 1000 && !this.stopped; guard++) {
      const rollout = await this.repository.rollout(rolloutId);
      if (rollout === null) return;
      const jobs = await this.repository.jobsOf(rolloutId);
      const decision = nextDecision(rollout, jobs, (hostId) => this.channel.isOnline(hostId), Date.now());
      if (decision.kind === 'wait') return;
      await this.apply(rollout, jobs, decision);
    }
  }

  private async apply(rollout: RolloutEntity, jobs: JobEntity[], decision: RolloutDecision): Promise<void> {
    const byId = new Map(jobs.map((job) => [job.id, job]));
    switch (decision.kind) {
      case 'expire':
        for (const id of decision.jobIds) {
          const job = byId.get(id)!;
          const patch = {
            status: 'expired' as const,
            finishedAt: iso(),
            message:
              job.status === 'running'
                ? 'The agent accepted the job but never reported it; the PC may have been left part-way.'
                : 'The host did not come online before the job expired; nothing ran on it.',
          };
          if (await this.repository.updateJob(id, [job.status], patch))
            await this.publishJob({ ...job, ...patch });
        }
        return;
      case 'promote-canary': {
        const previous = jobs.find((job) => job.canary);
        const next = byId.get(decision.jobId)!;
        if (previous && (await this.repository.updateJob(previous.id, [previous.status], { canary: false })))
          await this.publishJob({ ...previous, canary: false }, false);
        if (await this.repository.updateJob(next.id, ['pending'], { canary: true }))
          await this.publishJob({ ...next, canary: true }, false);
        await this.repository.updateRollout(rollout.id, 'running', {
          canaryHostId: next.hostId,
          updatedAt: iso(),
        });
        await this.publishRollout(rollout.id);
        return;
      }
      case 'send':
        for (const id of decision.jobIds) {
          const job = byId.get(id)!;
          const patch = { status: 'sent' as const, sentAt: iso(), attempts: job.attempts + 1 };
          if (!(await this.repository.updateJob(id, ['pending'], patch))) continue;
          await this.publishJob({ ...job, ...patch });
          this.dispatch({ ...job, ...patch });
        }
        return;
      case 'enter-waves':
        await this.repository.updateRollout(rollout.id, 'running', { phase: 'waves', updatedAt: iso() });
        await this.publishRollout(rollout.id);
        return;
      case 'halt':
        if (
          await this.repository.updateRollout(rollout.id, 'running', {
            status: 'halted',
            phase: 'done',
            reason: decision.reason,
            reasonCode: decision.code,
            finishedAt: iso(),
            updatedAt: iso(),
          })
        ) {
          await this.cancelPending(rollout.id);
          await this.audit.record({
            action: 'rollout.halted',
            outcome: 'failure',
            actor: SYSTEM_ACTOR,
            target: `rollout:${rollout.id}`,
            detail: {
              incidentId: rollout.incidentId,
              playbookId: rollout.playbookId,
              reason: decision.reason,
            },
          });
        }
        return;
      case 'complete':
        if (
          await this.repository.updateRollout(rollout.id, 'running', {
            status: 'completed',
            phase: 'done',
            finishedAt: iso(),
            updatedAt: iso(),
          })
        ) {
          const done = await this.publishRollout(rollout.id);
          await this.audit.record({
            action: 'rollout.completed',
            outcome: done !== null && done.failures === 0 ? 'success' : 'failure',
            actor: SYSTEM_ACTOR,
            target: `rollout:${rollout.id}`,
            detail: { incidentId: rollout.incidentId, playbookId: rollout.playbookId, counts: done?.counts },
          });
        }
        return;
      case 'wait':
        return;
    }
  }

  private async cancelPending(rolloutId: string): Promise<void> {
    const jobs = await this.repository.jobsOf(rolloutId);
    const pending = jobs.filter((job) => job.status === 'pending');
    const patch = {
      status: 'cancelled' as const,
      finishedAt: iso(),
      message: 'Not run: the rollout stopped.',
    };
    await this.repository.updateJobs(
      pending.map((job) => job.id),
      ['pending'],
      patch,
    );
    for (const job of pending) await this.publishJob({ ...job, ...patch });
    await this.publishRollout(rolloutId);
  }

  /** Hands a job to its agent; what the agent decides is taken in the rollout's turn. */
  private dispatch(job: JobEntity): void {
    const sending = this.channel
      .send(job.hostId, job.signed)
      .then((outcome) =>
        this.inTurn(job.rolloutId, async () => {
          if (outcome.kind === 'decided') await this.decided(job, outcome.decision);
          else {
            if (outcome.kind === 'no-answer')
              this.logger.warn(
                `Job ${job.id} on host ${job.hostId}: ${outcome.reason}; it will be sent again`,
              );
            await this.setAndPublish(job, ['sent'], { status: 'pending' });
          }
          await this.advanceNow(job.rolloutId);
        }),
      )
      .catch((error: unknown) => this.logger.error(`Could not send job ${job.id}: ${String(error)}`))
      .finally(() => this.dispatches.delete(sending));
    this.dispatches.add(sending);
  }

  private async decided(job: JobEntity, decision: JobDecisionAck): Promise<void> {
    if (decision.accepted) {
      await this.setAndPublish(job, ['sent'], { status: 'running' });
      return;
    }
    switch (decision.refusal) {
      case JobRefusal.Replayed:
        // The agent accepted this job before (its answer was lost, or the server restarted): it reports it.
        await this.setAndPublish(job, ['sent'], { status: 'running' });
        return;
      case JobRefusal.Busy:
        await this.setAndPublish(job, ['sent'], { status: 'pending' });
        return;
      case JobRefusal.Malformed:
      case JobRefusal.BadSignature:
      case JobRefusal.WrongHost:
      case JobRefusal.Expired:
      case JobRefusal.UnknownStep:
      case JobRefusal.RemediationDisabled:
      case JobRefusal.PlaybookNotAllowed: {
        const patch = {
          status: 'refused' as const,
          refusal: decision.refusal,
          message: decision.message,
          finishedAt: iso(),
        };
        if (!(await this.setAndPublish(job, ['sent'], patch))) return;
        await this.audit.record({
          action: 'job.refused',
          outcome: 'failure',
          actor: agentActor(job.hostId),
          target: `job:${job.id}`,
          detail: {
            rolloutId: job.rolloutId,
            incidentId: job.incidentId,
            refusal: decision.refusal,
            message: decision.message,
          },
        });
      }
    }
  }

  private async setAndPublish(
    job: JobEntity,
    from: JobEntity['status'][],
    patch: Partial<JobEntity>,
  ): Promise<boolean> {
    if (!(await this.repository.updateJob(job.id, from, patch))) return false;
    await this.publishJob({ ...job, ...patch });
    return true;
  }

  /** Tells dashboards about the job and, when its status may have changed, its rollout's counts. */
  private async publishJob(job: JobEntity, statusChanged = true): Promise<string> {
    const [host] = await this.hosts.listByIds([job.hostId]);
    const hostname = host?.host.hostname ?? job.hostId;
    this.events.jobUpdated(toJobView(job, hostname));
    if (statusChanged) await this.publishRollout(job.rolloutId);
    return hostname;
  }

  private async publishRollout(rolloutId: string) {
    const rollout = await this.repository.rollout(rolloutId);
    if (rollout === null) return null;
    const view = toRolloutView(rollout, await this.repository.jobsOf(rolloutId));
    this.events.rolloutUpdated(view);
    return view;
  }
}

function mergeStep(steps: readonly StepResult[], step: StepResult): StepResult[] {
  const others = steps.filter((known) => known.index !== step.index);
  return [...others, step].sort((a, b) => a.index - b.index);
}
