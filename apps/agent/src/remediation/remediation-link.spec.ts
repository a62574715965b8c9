/**
 * Remediation over a real socket.io connection: a test server signs jobs with a real Ed25519 key (the one it
 * hands out at enrollment) and validates everything the agent sends with the protocol's schemas. The agent
 * admits, runs, reports progress and delivers the report until it is acked, never runs a job twice, and
 * leaves the PC untouched when it refuses.
 */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProtocolErrorCode } from '@fleetmedic/protocol/constants';
import { signJob } from '@fleetmedic/protocol/remediation-job';
import { Agent, type AgentRemediationOptions, type LinkTuning } from '../agent';
import { waitForAgent } from '../agent-events';
import { RPC_INTERNET_KEY } from '../checks/watch-list';
import { CASE_A_RPC_INTERNET_VALUES, applyCaseA } from '../host/simulated/field-cases';
import { SimulatedHost } from '../host/simulated/simulated-host';
import { AgentsTestServer } from '../testing/agents-test-server';
import { newJob } from '../testing/jobs';
import { JOB_REPORTS_DIR } from './job-reports';
import { RUNNING_JOB_FILE } from './job-journal';
import type { StepRunner } from './step-runner';

const FAST_LINK: LinkTuning = {
  reconnectionDelayMs: 50,
  reconnectionDelayMaxMs: 200,
  refusalRetryInitialMs: 100,
  refusalRetryMaxMs: 400,
  helloTimeoutMs: 1_000,
  ackTimeoutMs: 500,
  batchRetryInitialMs: 50,
  batchRetryMaxMs: 200,
};

describe('remediation jobs over the link', () => {
  let stateDir: string;
  let host: SimulatedHost;
  let server: AgentsTestServer;
  let agentId: string;
  const agents: Agent[] = [];

  const startAgent = async (
    options: { remediation?: AgentRemediationOptions | null; serverPublicKey?: string | null } = {},
  ): Promise<Agent> => {
    const credentials = server.addAgent(agentId);
    const agent = new Agent({
      host,
      credentials: {
        serverUrl: server.url,
        agentId: credentials.agentId,
        agentToken: credentials.token,
        ...(options.serverPublicKey === null
          ? {}
          : { serverPublicKey: options.serverPublicKey ?? server.serverPublicKey }),
      },
      stateDir,
      probeIntervalMs: 60_000,
      link: FAST_LINK,
      ...(options.remediation === null
        ? {}
        : {
            remediation: options.remediation ?? {
              steps: host,
              policy: { enabled: true, allowedPlaybooks: 'all' },
              verify: { timeoutMs: 0, pollMs: 1 },
            },
          }),
    });
    agents.push(agent);
    const connected = waitForAgent(agent, 'connected');
    await agent.start();
    await connected;
    return agent;
  };
  const caseAJob = () => newJob('spooler-rpc-internet', { hostId: agentId });

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'remediation-link-'));
    host = new SimulatedHost({ seed: 9 });
    applyCaseA(host);
    server = await AgentsTestServer.start();
    agentId = randomUUID();
  });

  afterEach(async () => {
    await Promise.all(agents.splice(0).map((agent) => agent.stop(1_000)));
    await server.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('accepts a signed job, runs it with progress, reports, and the server sees the spooler running', async () => {
    const agent = await startAgent();
    const job = caseAJob();
    const reported = waitForAgent(agent, 'jobReported');

    await expect(server.sendJob(agentId, server.sign(job))).resolves.toEqual({
      ok: true,
      jobId: job.jobId,
      accepted: true,
    });
    const report = await server.reportStored(job.jobId);
    await reported;

    expect(report).toMatchObject({ jobId: job.jobId, outcome: 'succeeded', restartPending: false });
    expect(server.progress.filter((progress) => progress.jobId === job.jobId)).toHaveLength(8);
    expect(server.invalid).toEqual([]);
    expect(host.registryValues(RPC_INTERNET_KEY)).toBeNull();
    // Checked right after the job: the server learns at once that the spooler runs again.
    await server.storedMatching(
      (observation) =>
        observation.check === 'service' && observation.target === 'Spooler' && observation.status === 'ok',
    );
    // Acked, so no longer kept on disk; and the job is no longer in progress.
    expect(await readdir(join(stateDir, JOB_REPORTS_DIR))).toEqual(['rejected']);
    expect(existsSync(join(stateDir, RUNNING_JOB_FILE))).toBe(false);
  });

  it('refuses a tampered job and a job signed by another key, and nothing on the PC changes', async () => {
    await startAgent();
    const signed = server.sign(caseAJob());
    const tampered = {
      ...signed,
      job: { ...signed.job, steps: signed.job.steps.filter((step) => step.kind !== 'registry.export') },
    };
    await expect(server.sendJob(agentId, tampered)).resolves.toMatchObject({
      accepted: false,
      refusal: 'BAD_SIGNATURE',
      jobId: signed.job.jobId,
    });
    const impostor = generateKeyPairSync('ed25519');
    await expect(server.sendJob(agentId, signJob(caseAJob(), impostor.privateKey))).resolves.toMatchObject({
      accepted: false,
      refusal: 'BAD_SIGNATURE',
    });
    await expect(server.sendJob(agentId, { job: 'rm -rf', signature: 'x' })).resolves.toMatchObject({
      accepted: false,
      refusal: 'MALFORMED',
      jobId: '',
    });

    expect(host.stepsRun).toEqual([]);
    expect(host.registryValues(RPC_INTERNET_KEY)).toEqual(CASE_A_RPC_INTERNET_VALUES);
    expect(server.reportReceipts).toEqual([]);
  });

  it('never runs a job twice: a replay is refused, also after the agent restarts', async () => {
    const agent = await startAgent();
    const signed = server.sign(caseAJob());
    await server.sendJob(agentId, signed);
    await server.reportStored(signed.job.jobId);
    const stepsAfterJob = host.stepsRun.length;

    await expect(server.sendJob(agentId, signed)).resolves.toMatchObject({
      accepted: false,
      refusal: 'REPLAYED',
    });
    await agent.stop(1_000);
    await startAgent();
    await expect(server.sendJob(agentId, signed)).resolves.toMatchObject({
      accepted: false,
      refusal: 'REPLAYED',
    });
    expect(host.stepsRun).toHaveLength(stepsAfterJob);
  });

  it('delivers the report after the server drops the connection before acking; the server takes it once', async () => {
    const agent = await startAgent();
    let receipts = 0;
    server.reportPolicy = () => (++receipts === 1 ? 'disconnect' : 'ack');
    const job = caseAJob();
    const reported = waitForAgent(agent, 'jobReported', (jobId) => jobId === job.jobId);

    await server.sendJob(agentId, server.sign(job));
    await server.reportStored(job.jobId);
    await reported;

    expect(server.reportReceipts.map((report) => report.jobId)).toEqual([job.jobId, job.jobId]);
    expect(server.reports.size).toBe(1);
  });

  it('keeps the report on disk until the server can take it, across an agent restart', async () => {
    let agent = await startAgent();
    server.reportPolicy = () => ({ code: ProtocolErrorCode.Internal, message: 'the database is busy' });
    const job = caseAJob();
    const finished = waitForAgent(agent, 'jobFinished');
    await server.sendJob(agentId, server.sign(job));
    await finished;
    await server.nextEvent('jobReport');
    await agent.stop(1_000);
    expect(await readdir(join(stateDir, JOB_REPORTS_DIR))).toContain(`${job.jobId}.json`);

    server.reportPolicy = () => 'ack';
    agent = await startAgent();
    await expect(server.reportStored(job.jobId)).resolves.toMatchObject({ outcome: 'succeeded' });
  });

  it('a report the server calls invalid is set aside, not sent forever', async () => {
    const agent = await startAgent();
    server.reportPolicy = () => ({ code: ProtocolErrorCode.InvalidMessage, message: 'steps[0]: too long' });
    const setAside = waitForAgent(agent, 'jobReportSetAside');
    const job = caseAJob();
    await server.sendJob(agentId, server.sign(job));
    const [report, error] = await setAside;
    expect(report.jobId).toBe(job.jobId);
    expect(error.code).toBe('INVALID_MESSAGE');
    expect(await readdir(join(stateDir, JOB_REPORTS_DIR, 'rejected'))).toEqual([`${job.jobId}.json`]);
  });

  it('answers BUSY while another job runs; the server sends it again later and it runs', async () => {
    // The first job holds at its service start until the test lets it go on.
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const steps: StepRunner = {
      runStep: async (step, context) => {
        if (step.kind === 'service.start') await held;
        return host.runStep(step, context);
      },
    };
    const agent = await startAgent({
      remediation: {
        steps,
        policy: { enabled: true, allowedPlaybooks: 'all' },
        verify: { timeoutMs: 0, pollMs: 1 },
      },
    });
    const first = caseAJob();
    const next = caseAJob();
    next.steps = [{ kind: 'service.restart', service: 'W32Time' }];
    const holding = waitForAgent(
      agent,
      'jobProgress',
      (progress) => progress.step.kind === 'service.start' && progress.step.status === 'running',
    );

    await expect(server.sendJob(agentId, server.sign(first))).resolves.toMatchObject({ accepted: true });
    await holding;
    expect(agent.runningJobId).toBe(first.jobId);
    await expect(server.sendJob(agentId, server.sign(next))).resolves.toMatchObject({
      accepted: false,
      refusal: 'BUSY',
      message: `job ${first.jobId} is running on this PC`,
    });
    // The running job sent again is a replay, not a second run.
    await expect(server.sendJob(agentId, server.sign(first))).resolves.toMatchObject({ refusal: 'REPLAYED' });

    const finished = waitForAgent(agent, 'jobFinished', (report) => report.jobId === first.jobId);
    release();
    await finished;
    await expect(server.sendJob(agentId, server.sign(next))).resolves.toMatchObject({ accepted: true });
    await expect(server.reportStored(next.jobId)).resolves.toMatchObject({ outcome: 'succeeded' });
    await expect(server.reportStored(first.jobId)).resolves.toMatchObject({ outcome: 'succeeded' });
  });

  it('a job cut short by a stop is put back at the next start and reported', async () => {
    let agent = await startAgent();
    const job = caseAJob();
    job.steps = [...job.steps.slice(0, 2), { kind: 'wait', ms: 600_000 }, ...job.steps.slice(2)];
    const waiting = waitForAgent(
      agent,
      'jobProgress',
      (progress) => progress.step.kind === 'wait' && progress.step.status === 'running',
    );
    await server.sendJob(agentId, server.sign(job));
    await waiting;
    expect(host.registryValues(RPC_INTERNET_KEY)).toBeNull();
    await agent.stop(1_000);

    agent = await startAgent();
    const report = await server.reportStored(job.jobId);
    expect(report.outcome).toBe('rolled-back');
    expect(report.message).toMatch(/^The agent stopped during step 3 \(wait 600000 ms\)/);
    expect(host.registryValues(RPC_INTERNET_KEY)).toEqual(CASE_A_RPC_INTERNET_VALUES);
  });

  it('follows the local policy, and refuses every job without a pinned server key', async () => {
    await startAgent({
      remediation: { steps: host, policy: { enabled: true, allowedPlaybooks: ['catroot2-repair'] } },
    });
    await expect(server.sendJob(agentId, server.sign(caseAJob()))).resolves.toMatchObject({
      refusal: 'PLAYBOOK_NOT_ALLOWED',
    });
    await agents.pop()!.stop(1_000);

    await startAgent({ remediation: null });
    await expect(server.sendJob(agentId, server.sign(caseAJob()))).resolves.toMatchObject({
      refusal: 'REMEDIATION_DISABLED',
    });
    await agents.pop()!.stop(1_000);

    await startAgent({ serverPublicKey: null });
    await expect(server.sendJob(agentId, server.sign(caseAJob()))).resolves.toMatchObject({
      refusal: 'BAD_SIGNATURE',
      message: expect.stringContaining('enroll it again'),
    });
    expect(host.stepsRun).toEqual([]);
  });
});
