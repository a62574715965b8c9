/**
 * The way to an agent's PC for jobs: the sockets of connected agents by host, and sending a signed job with
 * its decision awaited. Filled by AgentJobsGateway, used by the orchestrator.
 */
import { Injectable, Logger } from '@nestjs/common';
import { ServerAgentEvent, jobDecisionAckSchema, parseWith, type JobDecisionAck } from '@fleetmedic/protocol';
import type { SignedJob } from '@fleetmedic/protocol/remediation-job';
import { Subject } from 'rxjs';
import type { AgentSocket } from '../agents/agents.gateway';

/** How long an agent has to answer a job with its decision (it decides before it runs anything). */
export const JOB_DECISION_TIMEOUT_MS = 10_000;

export type SendOutcome =
  | { kind: 'decided'; decision: JobDecisionAck }
  | { kind: 'offline' }
  /** No answer in time, or an answer that is not a decision: whether it runs is unknown until it reports. */
  | { kind: 'no-answer'; reason: string };

@Injectable()
export class AgentJobChannel {
  private readonly logger = new Logger(AgentJobChannel.name);
  private readonly sockets = new Map<string, AgentSocket>();
  private readonly ready = new Subject<string>();
  /** A host's agent connected and introduced itself: jobs waiting for it can go. */
  readonly hostReady$ = this.ready.asObservable();

  register(hostId: string, socket: AgentSocket): void {
    this.sockets.set(hostId, socket);
  }

  unregister(hostId: string, socketId: string): void {
    if (this.sockets.get(hostId)?.id === socketId) this.sockets.delete(hostId);
  }

  introduced(hostId: string): void {
    this.ready.next(hostId);
  }

  isOnline(hostId: string): boolean {
    return this.sockets.get(hostId)?.connected === true;
  }

  async send(hostId: string, signed: SignedJob, timeoutMs = JOB_DECISION_TIMEOUT_MS): Promise<SendOutcome> {
    const socket = this.sockets.get(hostId);
    if (socket === undefined || !socket.connected) return { kind: 'offline' };
    let answer: unknown;
    let onDisconnect = (): void => undefined;
    const disconnected = new Promise<'disconnected'>((resolve) => {
      onDisconnect = () => resolve('disconnected');
      socket.once('disconnect', onDisconnect);
    });
    try {
      answer = await Promise.race([
        socket.timeout(timeoutMs).emitWithAck(ServerAgentEvent.Job, signed),
        disconnected,
      ]);
    } catch (error) {
      return { kind: 'no-answer', reason: `no decision within ${timeoutMs} ms (${String(error)})` };
    } finally {
      socket.off('disconnect', onDisconnect);
    }
    if (answer === 'disconnected')
      return { kind: 'no-answer', reason: 'the agent disconnected before it answered' };
    const parsed = parseWith(jobDecisionAckSchema, answer);
    if (!parsed.ok || parsed.value.jobId !== signed.job.jobId) {
      const reason = parsed.ok ? `a decision about job ${parsed.value.jobId}` : parsed.message;
      this.logger.warn(`Host ${hostId} answered job ${signed.job.jobId} with ${reason}`);
      return { kind: 'no-answer', reason: `the agent's answer is not a decision about this job: ${reason}` };
    }
    return { kind: 'decided', decision: parsed.value };
  }
}
