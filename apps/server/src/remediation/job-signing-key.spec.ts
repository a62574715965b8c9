/** Integration: agents pin the server's job signing key at enrollment; it signs jobs and outlives restarts. */
import { randomUUID } from 'node:crypto';
import { jobSignatureValid } from '@fleetmedic/protocol/remediation-job';
import { enroll, startTestServer } from '../testing/test-server';
import { JobSigningKeyService } from './job-signing-key.service';

describe('the job signing key', () => {
  it('is handed to agents at enrollment, verifies the jobs the server signs, and stays the same after a restart', async () => {
    let server = await startTestServer();
    const dir = server.dir;
    const first = await enroll(server, 'PC-PIN');
    expect(first.serverPublicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const job = {
      jobId: randomUUID(),
      hostId: first.agentId,
      incidentId: randomUUID(),
      playbookId: 'spooler-rpc-internet',
      playbookVersion: 1,
      steps: [{ kind: 'service.start', service: 'Spooler' }],
      issuedAt: new Date().toISOString(),
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    };
    const signed = server.app.get(JobSigningKeyService).sign(job);
    expect(jobSignatureValid(signed, first.serverPublicKey)).toBe(true);
    expect(
      jobSignatureValid({ ...signed, job: { ...job, hostId: randomUUID() } }, first.serverPublicKey),
    ).toBe(false);
    await server.stop();

    server = await startTestServer({}, dir);
    try {
      const again = await enroll(server, 'PC-PIN-2');
      expect(again.serverPublicKey).toBe(first.serverPublicKey);
    } finally {
      await server.stop();
    }
  });
});
