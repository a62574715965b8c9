/** `run` against a server that no longer knows the agent: it says what to do, and keeps trying. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnectRefusal } from '@fleetmedic/protocol/constants';
import type { Agent } from '../agent';
import { waitForAgent } from '../agent-events';
import { writeCredentials } from '../link/credentials';
import { AgentsTestServer } from '../testing/agents-test-server';
import { recordingLogger } from '../testing/factories';
import { newJob } from '../testing/jobs';
import { agentFromStateDir } from './run-command';

describe('run', () => {
  let stateDir: string;
  let server: AgentsTestServer;
  let agent: Agent | undefined;

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'run-command-'));
    server = await AgentsTestServer.start();
  });

  afterEach(async () => {
    await agent?.stop(500);
    agent = undefined;
    await server.close();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('tells how to enroll again when the server refuses the stored credentials, and retries', async () => {
    await writeCredentials(stateDir, {
      serverUrl: server.url,
      agentId: '0190a6b0-0000-7000-8000-0000000000ff',
      agentToken: 'f'.repeat(40),
      enrolledAt: '2026-11-20T10:00:00.000Z',
    });
    const { lines, logger } = recordingLogger();
    ({ agent } = await agentFromStateDir({ stateDir, simulated: true, seed: 1 }, logger));
    const refused = waitForAgent(agent, 'refused');
    await agent.start();
    const [refusal] = await refused;

    expect(refusal.code).toBe(ConnectRefusal.InvalidCredentials);
    expect(lines).toContainEqual({
      level: 'error',
      message: expect.stringMatching(
        /^this agent's credentials were refused; enroll it again with `fleetmedic-agent enroll` /,
      ) as string,
    });
    // The retry is scheduled (the link spec times the retries themselves).
    expect(refusal.retryInMs).toBeGreaterThan(0);
  });

  it('runs remediation jobs as the local policy says, and keeps --remediation off for later runs', async () => {
    const { agentId, token } = server.addAgent();
    await writeCredentials(stateDir, {
      serverUrl: server.url,
      agentId,
      agentToken: token,
      enrolledAt: '2026-11-20T10:00:00.000Z',
      serverPublicKey: server.serverPublicKey,
    });
    const { lines, logger } = recordingLogger();
    ({ agent } = await agentFromStateDir({ stateDir, simulated: true, seed: 1, remediation: false }, logger));
    expect(lines).toContainEqual({ level: 'info', message: 'remediation off' });
    await agent.stop(500);

    // Started again without the option, as the service is: remediation stays off.
    ({ agent } = await agentFromStateDir({ stateDir, simulated: true, seed: 1 }, logger));
    const connected = waitForAgent(agent, 'connected');
    await agent.start();
    await connected;
    await expect(
      server.sendJob(agentId, server.sign(newJob('spooler-rpc-internet', { hostId: agentId }))),
    ).resolves.toMatchObject({ accepted: false, refusal: 'REMEDIATION_DISABLED' });
  });
});
