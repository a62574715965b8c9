/** The agent's gate for remediation jobs, with real Ed25519 keys and a real state directory. */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RemediationJob, signJob } from '@fleetmedic/protocol/remediation-job';
import { JobGuard, JobRefusal, type RemediationPolicy } from './job-guard';
import { SeenJobs } from './seen-jobs';

const server = generateKeyPairSync('ed25519');
const serverPublicKey = server.publicKey.export({ type: 'spki', format: 'pem' }).toString();
const HOST = '0196f3a0-5a4e-7c1e-9b1a-3f0c2d4e5f60';
const NOW = Date.parse('2026-12-04T10:00:00.000Z');

function caseAJob(overrides: Partial<RemediationJob> = {}): RemediationJob {
  return {
    jobId: randomUUID(),
    hostId: HOST,
    incidentId: randomUUID(),
    playbookId: 'spooler-rpc-internet',
    playbookVersion: 1,
    steps: [
      { kind: 'registry.export', key: 'HKLM\\Software\\Microsoft\\Rpc\\Internet', backup: 'rpc-internet' },
      { kind: 'registry.delete', key: 'HKLM\\Software\\Microsoft\\Rpc\\Internet', backup: 'rpc-internet' },
      { kind: 'service.start', service: 'Spooler' },
      { kind: 'verify.service', service: 'Spooler', state: 'RUNNING' },
    ],
    issuedAt: '2026-12-04T09:59:00.000Z',
    expiresAt: '2026-12-04T11:00:00.000Z',
    ...overrides,
  };
}

describe('JobGuard', () => {
  let dir: string;
  let guard: JobGuard;

  const guardWith = async (policy: RemediationPolicy = { enabled: true, allowedPlaybooks: 'all' }) =>
    new JobGuard({ hostId: HOST, serverPublicKey, policy, seen: await SeenJobs.open(dir), now: () => NOW });

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'job-guard-'));
    guard = await guardWith();
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('admits a job signed by the pinned server key, for this host, in time', async () => {
    const job = caseAJob();
    await expect(guard.admit(signJob(job, server.privateKey))).resolves.toEqual({ ok: true, job });
  });

  it('refuses a tampered job: any change to what was signed breaks the signature', async () => {
    const signed = signJob(caseAJob(), server.privateKey);
    const tampered = {
      ...signed,
      job: {
        ...signed.job,
        steps: [...signed.job.steps, { kind: 'registry.delete', key: 'HKLM\\SYSTEM\\Setup', backup: 'x' }],
      },
    };
    await expect(guard.admit(tampered)).resolves.toMatchObject({
      ok: false,
      refusal: JobRefusal.BadSignature,
    });
    const otherHost = { ...signed, job: { ...signed.job, hostId: randomUUID() } };
    await expect(guard.admit(otherHost)).resolves.toMatchObject({
      ok: false,
      refusal: JobRefusal.BadSignature,
    });
  });

  it('refuses a job signed by another key, or not signed at all', async () => {
    const impostor = generateKeyPairSync('ed25519');
    await expect(guard.admit(signJob(caseAJob(), impostor.privateKey))).resolves.toMatchObject({
      refusal: JobRefusal.BadSignature,
    });
    await expect(guard.admit({ job: caseAJob(), signature: '' })).resolves.toMatchObject({
      refusal: JobRefusal.Malformed,
      message: 'signature: missing',
    });
  });

  it('refuses a replayed job, also after the agent restarts', async () => {
    const signed = signJob(caseAJob(), server.privateKey);
    await expect(guard.admit(signed)).resolves.toMatchObject({ ok: true });
    await expect(guard.admit(signed)).resolves.toMatchObject({ ok: false, refusal: JobRefusal.Replayed });
    const restarted = await guardWith();
    await expect(restarted.admit(signed)).resolves.toMatchObject({ ok: false, refusal: JobRefusal.Replayed });
  });

  it('does not take a job it could not record for one it accepted: sent again, it is admitted', async () => {
    const signed = signJob(caseAJob(), server.privateKey);
    // The state directory cannot be written (a full or failing disk): the decision cannot be kept.
    await rm(dir, { recursive: true, force: true });
    await expect(guard.admit(signed)).rejects.toThrow();
    await mkdir(dir);
    await expect(guard.admit(signed)).resolves.toMatchObject({ ok: true });
    await expect(guard.admit(signed)).resolves.toMatchObject({ ok: false, refusal: JobRefusal.Replayed });
  });

  it('refuses a job for another host and an expired one', async () => {
    await expect(
      guard.admit(signJob(caseAJob({ hostId: randomUUID() }), server.privateKey)),
    ).resolves.toMatchObject({
      refusal: JobRefusal.WrongHost,
    });
    const expired = caseAJob({ expiresAt: '2026-12-04T09:59:59.000Z' });
    await expect(guard.admit(signJob(expired, server.privateKey))).resolves.toMatchObject({
      refusal: JobRefusal.Expired,
    });
  });

  it('refuses unknown step types and fields outside their patterns, even signed', async () => {
    const cases: [RemediationJob['steps'][number], string][] = [
      [
        { kind: 'shell.run', command: 'format C:' },
        'steps[0].kind: "shell.run" is not a step this agent runs',
      ],
      [
        { kind: 'service.start', service: 'Spooler & calc' },
        'steps[0].service: "Spooler & calc" is not allowed',
      ],
      [
        { kind: 'folder.empty', path: 'C:\\Users', backup: 'users' },
        'steps[0].path: "C:\\\\Users" is not allowed for folder.empty',
      ],
      [
        { kind: 'service.stop', service: 'BITS', command: 'x' },
        'steps[0].command: not a field of service.stop',
      ],
      [{ kind: '__proto__' }, 'steps[0].kind: "__proto__" is not a step this agent runs'],
    ];
    for (const [step, message] of cases) {
      const decision = await guard.admit(signJob(caseAJob({ steps: [step] }), server.privateKey));
      expect(decision).toMatchObject({ ok: false, refusal: JobRefusal.UnknownStep });
      expect(decision.ok ? '' : decision.message).toContain(message);
    }
  });

  it('refuses every job when the PC disables remediation, and playbooks the PC does not allow', async () => {
    const disabled = await guardWith({ enabled: false, allowedPlaybooks: 'all' });
    await expect(disabled.admit(signJob(caseAJob(), server.privateKey))).resolves.toMatchObject({
      refusal: JobRefusal.RemediationDisabled,
    });
    const onlyCaseB = await guardWith({ enabled: true, allowedPlaybooks: ['catroot2-repair'] });
    await expect(onlyCaseB.admit(signJob(caseAJob(), server.privateKey))).resolves.toMatchObject({
      refusal: JobRefusal.PlaybookNotAllowed,
    });
  });

  it('names what is malformed', async () => {
    await expect(guard.admit('run everything')).resolves.toMatchObject({ refusal: JobRefusal.Malformed });
    const noSteps = { job: { ...caseAJob(), steps: [] }, signature: 'AAAA' };
    await expect(guard.admit(noSteps)).resolves.toMatchObject({
      message: 'job.steps: expected a list of steps',
    });
    const badDate = { job: { ...caseAJob(), expiresAt: 'tomorrow' }, signature: 'AAAA' };
    await expect(guard.admit(badDate)).resolves.toMatchObject({
      message: 'job.expiresAt: expected an ISO 8601 instant',
    });
    const pathAsId = { job: { ...caseAJob(), jobId: '..\\..\\Windows' }, signature: 'AAAA' };
    await expect(guard.admit(pathAsId)).resolves.toMatchObject({ message: 'job.jobId: expected a UUID' });
    const tooLong = {
      job: { ...caseAJob(), steps: Array(65).fill({ kind: 'wait', ms: 1 }) },
      signature: 'AAAA',
    };
    await expect(guard.admit(tooLong)).resolves.toMatchObject({ message: 'job.steps: at most 64 steps' });
  });
});
