/**
 * A test agent that speaks the remediation protocol the way the real one does: it verifies each job's
 * signature with the key pinned at enrollment, refuses a job it accepted before (REPLAYED), and then fixes,
 * fails, refuses or holds as the test tells it, reporting each step and the outcome. It reports case A
 * (the spooler failing with 87) and, once fixed, the spooler running.
 */
import {
  JobRefusal,
  type EnrollmentResponse,
  type JobDecisionAck,
  type JobOutcome,
  type JobReport,
  type StepResult,
} from '@fleetmedic/protocol';
import { type SignedJob, jobSignatureValid } from '@fleetmedic/protocol/remediation-job';
import { newBatch, newHostFacts, newServiceObservation } from './factories';
import { type TestAgentSocket, connectAgent } from './test-server';
import type { RunningServer } from '../server';

/**
 * `fix`: runs and reports success (then the spooler runs); `fail`: reports the fix rolled back; `refuse`:
 * refuses as a PC whose policy disables remediation; `hold`: accepts and waits for `finish`; `silent`:
 * accepts but never answers (as an agent whose answer a server restart lost).
 */
export type FixBehaviour = 'fix' | 'fail' | 'refuse' | 'hold' | 'silent';

/** What an agent keeps on disk across reconnections: jobs it accepted (never run twice). */
export interface AgentMemory {
  seen: Set<string>;
  ran: SignedJob[];
}

export interface FixingAgent {
  enrollment: EnrollmentResponse;
  hostname: string;
  socket: TestAgentSocket;
  behaviour: FixBehaviour;
  /** Jobs this agent ran (accepted), in order, across reconnections: a job never appears twice. */
  ran: SignedJob[];
  /** Every job message received, refused ones included. */
  received: SignedJob[];
  /** Resolves with the next job this agent accepted that no earlier call returned (on this connection). */
  nextJob(): Promise<SignedJob>;
  /** Finishes a held job with `outcome`. */
  finish(jobId: string, outcome: JobOutcome): Promise<void>;
  reportSpooler(failing: boolean): Promise<void>;
  /** Closes the connection once the reports under way are answered. */
  close(): Promise<void>;
}

export async function fixingAgent(
  server: Pick<RunningServer, 'url'>,
  enrollment: EnrollmentResponse,
  hostname: string,
  behaviour: FixBehaviour = 'fix',
  memory: AgentMemory = { seen: new Set(), ran: [] },
): Promise<FixingAgent> {
  const { seen } = memory;
  const socket = await connectAgent(server, enrollment);
  const waiting: ((job: SignedJob) => void)[] = [];
  const unclaimed: SignedJob[] = [];
  const underWay = new Set<Promise<void>>();
  const agent: FixingAgent = {
    enrollment,
    hostname,
    socket,
    behaviour,
    ran: memory.ran,
    received: [],
    nextJob: () =>
      new Promise((resolve) => {
        const ready = unclaimed.shift();
        if (ready) resolve(ready);
        else waiting.push(resolve);
      }),
    finish: async (jobId, outcome) => {
      const signed = agent.ran.find((job) => job.job.jobId === jobId);
      if (!signed) throw new Error(`${hostname} never ran job ${jobId}`);
      const ack = await socket.emitWithAck('job.report', reportOf(signed, outcome));
      if (!ack.ok) throw new Error(`the report was refused: ${JSON.stringify(ack)}`);
      if (outcome === 'succeeded') await agent.reportSpooler(false);
    },
    reportSpooler: async (failing) => {
      const ack = await socket.emitWithAck(
        'observations',
        newBatch([
          newServiceObservation(
            enrollment.agentId,
            failing
              ? {
                  status: 'failing',
                  code: '0x80070057',
                  codeOriginal: '87',
                  facts: {
                    displayName: 'Print Spooler',
                    state: 'STOPPED',
                    startType: 'AUTO_START',
                    win32ExitCode: 87,
                    serviceSpecificExitCode: 0,
                    pid: null,
                  },
                  evidence: ['The Print Spooler service terminated with the following error: %%87'],
                }
              : {},
          ),
        ]),
      );
      if (!ack.ok) throw new Error(`the observation was refused: ${JSON.stringify(ack)}`);
    },
    close: async () => {
      await Promise.allSettled([...underWay]);
      socket.close();
    },
  };
  socket.on('job', (signed, answer) => {
    agent.received.push(signed);
    const decide = (decision: JobDecisionAck) => answer(decision);
    const { jobId } = signed.job;
    if (!jobSignatureValid(signed, enrollment.serverPublicKey))
      return decide(refusal(jobId, JobRefusal.BadSignature, 'the signature does not verify'));
    if (seen.has(jobId))
      return decide(refusal(jobId, JobRefusal.Replayed, `job ${jobId} was accepted before`));
    if (agent.behaviour === 'refuse')
      return decide(refusal(jobId, JobRefusal.RemediationDisabled, 'remediation is disabled on this PC'));
    seen.add(jobId);
    agent.ran.push(signed);
    const claimant = waiting.shift();
    if (claimant) claimant(signed);
    else unclaimed.push(signed);
    if (agent.behaviour === 'silent') return;
    decide({ ok: true, jobId, accepted: true });
    if (agent.behaviour === 'hold') return;
    const work = (async () => {
      for (const step of stepsOf(signed, 'succeeded'))
        socket.emit('job.progress', { jobId, step, sentAt: new Date().toISOString() });
      await agent.finish(jobId, agent.behaviour === 'fix' ? 'succeeded' : 'rolled-back');
    })();
    underWay.add(work);
    void work.catch(() => undefined).finally(() => underWay.delete(work));
  });
  await socket.emitWithAck('hello', {
    agentVersion: '0.1.0-test',
    facts: newHostFacts({ hostname }),
    sentAt: new Date().toISOString(),
  });
  return agent;
}

function refusal(jobId: string, code: JobRefusal, message: string): JobDecisionAck {
  return { ok: true, jobId, accepted: false, refusal: code, message };
}

function stepsOf(signed: SignedJob, last: 'succeeded' | 'failed'): StepResult[] {
  const at = new Date().toISOString();
  return signed.job.steps.map((step, index, all) => ({
    phase: 'run',
    index,
    kind: step.kind,
    status: index === all.length - 1 ? last : 'succeeded',
    startedAt: at,
    finishedAt: at,
    message: `${step.kind} ${index === all.length - 1 && last === 'failed' ? 'failed' : 'done'}`,
    output: [],
  }));
}

function reportOf(signed: SignedJob, outcome: JobOutcome): JobReport {
  const at = new Date().toISOString();
  const failed = outcome !== 'succeeded';
  return {
    jobId: signed.job.jobId,
    outcome,
    steps: stepsOf(signed, failed ? 'failed' : 'succeeded'),
    rollback: failed
      ? [
          {
            phase: 'rollback',
            index: 0,
            kind: 'registry.import',
            status: outcome === 'rolled-back' ? 'succeeded' : 'failed',
            startedAt: at,
            finishedAt: at,
            message: 'registry.import',
            output: [],
          },
        ]
      : [],
    restartPending: false,
    message: failed ? 'The last step failed; the PC was put back.' : 'Every step succeeded.',
    startedAt: at,
    finishedAt: at,
  };
}
