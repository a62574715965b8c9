/**
 * The agent's link against a real socket.io server (the test server validates every message with the
 * protocol's schemas): delivery through outages, lost acks, invalid batches, new agent ids and refusals.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observation } from '@fleetmedic/protocol';
import { ConnectRefusal, LIMITS, ProtocolErrorCode } from '@fleetmedic/protocol/constants';
import { Agent, type LinkTuning } from '../agent';
import { outboxEmptied, waitForAgent } from '../agent-events';
import { SimulatedHost } from '../host/simulated/simulated-host';
import { AgentsTestServer, findFreePort } from '../testing/agents-test-server';
import { newObservation } from '../testing/factories';
import { MAX_BATCH_BYTES } from './batches';
import type { Refusal } from './connection';
import { DEAD_LETTERS_FILE, OBSERVATION_TOO_LARGE } from './dead-letters';
import { OUTBOX_FILE, Outbox } from './outbox';

/** Production timings scaled down so that each scenario takes well under a second. */
const FAST_LINK: LinkTuning = {
  reconnectionDelayMs: 50,
  reconnectionDelayMaxMs: 200,
  refusalRetryInitialMs: 100,
  refusalRetryMaxMs: 400,
  helloTimeoutMs: 1_000,
  ackTimeoutMs: 300,
  batchRetryInitialMs: 50,
  batchRetryMaxMs: 200,
};
/** 10 services, 3 KBs, reboot, Rpc\Internet: what a fresh simulated PC reports first. */
const FIRST_SNAPSHOT = 15;
/** An id this PC had before it was enrolled again, or before the server's database was rebuilt. */
const PREVIOUS_AGENT_ID = '0190a6b0-0000-7000-8000-0000000000dd';

describe('agent link', () => {
  let stateDir: string;
  let host: SimulatedHost;
  const servers: AgentsTestServer[] = [];
  const agents: Agent[] = [];

  const startServer = async (options: Parameters<typeof AgentsTestServer.start>[0] = {}) => {
    const server = await AgentsTestServer.start(options);
    servers.push(server);
    return server;
  };
  const newAgent = (serverUrl: string, credentials: { agentId: string; token: string }): Agent => {
    const agent = new Agent({
      host,
      credentials: { serverUrl, agentId: credentials.agentId, agentToken: credentials.token },
      stateDir,
      probeIntervalMs: 60_000,
      link: FAST_LINK,
    });
    agents.push(agent);
    return agent;
  };

  /** Observations left in the outbox by an earlier run of the agent. */
  const leaveInOutbox = async (observations: Observation[]): Promise<void> => {
    const outbox = await Outbox.open({ path: join(stateDir, OUTBOX_FILE) });
    await outbox.append(observations);
    await outbox.close();
  };
  const readDeadLetters = async (): Promise<{ error: unknown; batch: { observations: Observation[] } }[]> =>
    (await readFile(join(stateDir, DEAD_LETTERS_FILE), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { error: unknown; batch: { observations: Observation[] } });

  beforeEach(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'agent-link-'));
    host = new SimulatedHost({ seed: 3 });
  });

  afterEach(async () => {
    await Promise.all(agents.splice(0).map((agent) => agent.stop(500)));
    await Promise.all(servers.splice(0).map((server) => server.close()));
    await rm(stateDir, { recursive: true, force: true });
  });

  it('introduces itself with hello and its facts, then delivers the first snapshot', async () => {
    const server = await startServer();
    const agent = newAgent(server.url, server.addAgent());
    const connected = waitForAgent(agent, 'connected');
    await agent.start();
    await connected;
    await outboxEmptied(agent);
    expect(server.hellos).toEqual([expect.objectContaining({ agentVersion: '0.1.0' })]);
    expect(server.hellos[0]!.facts).toEqual(await host.readFacts());
    expect(server.stored.size).toBe(FIRST_SNAPSHOT);
  });

  it('delivers an observation made while the server was down once the server comes up', async () => {
    const port = await findFreePort();
    const agentsOfServer = new Map<string, string>();
    const credentials = { agentId: '0190a6b0-0000-7000-8000-00000000aaaa', token: 't'.repeat(40) };
    agentsOfServer.set(credentials.agentId, credentials.token);
    const agent = newAgent(`http://127.0.0.1:${port}`, credentials);
    await agent.start();

    const observed = waitForAgent(agent, 'observed', (o) => o.target === 'Spooler');
    host.failServiceStart('Spooler', '0x80070057');
    const [failing] = await observed;

    const server = await startServer({ port, agents: agentsOfServer });
    expect(await server.storedMatching((o) => o.id === failing.id)).toMatchObject({
      check: 'service',
      target: 'Spooler',
      status: 'failing',
      code: '0x80070057',
    });
    await outboxEmptied(agent);
    expect(server.stored.size).toBe(FIRST_SNAPSHOT + 1);
  });

  it('sends a batch again after a lost ack, with the same batch id, and the ack empties the outbox', async () => {
    const server = await startServer();
    let batches = 0;
    server.batchPolicy = () => (batches++ === 0 ? 'drop' : 'ack');
    const agent = newAgent(server.url, server.addAgent());
    await agent.start();
    await outboxEmptied(agent);

    expect(server.batches).toHaveLength(2);
    expect(server.batches[1]!.batchId).toBe(server.batches[0]!.batchId);
    expect(server.batches[1]!.observations).toEqual(server.batches[0]!.observations);
    expect(server.stored.size).toBe(FIRST_SNAPSHOT);
  });

  it('keeps undelivered observations across a restart and delivers them then', async () => {
    const port = await findFreePort();
    const credentials = { agentId: '0190a6b0-0000-7000-8000-00000000bbbb', token: 't'.repeat(40) };
    const first = newAgent(`http://127.0.0.1:${port}`, credentials);
    const made: string[] = [];
    first.on('observed', (observation) => made.push(observation.id));
    await first.start();
    const stopping = Date.now();
    await first.stop(300);
    expect(Date.now() - stopping).toBeLessThan(1_000);

    const server = await startServer({ port, agents: new Map([[credentials.agentId, credentials.token]]) });
    const second = newAgent(server.url, credentials);
    await second.start();
    await outboxEmptied(second);
    expect([...server.stored.keys()]).toEqual(expect.arrayContaining(made));
  });

  it('sets aside a batch the server calls invalid without naming observations, says so, and goes on', async () => {
    const server = await startServer();
    let batches = 0;
    server.batchPolicy = () =>
      batches++ === 0
        ? {
            code: ProtocolErrorCode.InvalidMessage,
            message: 'Invalid observation batch: batchId: expected a UUID',
            issues: [{ path: 'batchId', message: 'expected a UUID' }],
          }
        : 'ack';
    const agent = newAgent(server.url, server.addAgent());
    const setAside = waitForAgent(agent, 'deadLettered');
    await agent.start();
    const [batch, reason] = await setAside;
    expect(reason.message).toBe('Invalid observation batch: batchId: expected a UUID');
    expect(batch.observations).toHaveLength(FIRST_SNAPSHOT);
    expect(agent.outboxDepth).toBe(0);

    const deadLetters = await readDeadLetters();
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({ error: reason, batch: { batchId: batch.batchId } });

    host.failServiceStart('Spooler', '0x80070057');
    await server.storedMatching((o) => o.target === 'Spooler' && o.status === 'failing');
    expect(server.batches).toHaveLength(2);
  });

  it('sets aside only the observations an invalid-batch answer names, and delivers the rest', async () => {
    const server = await startServer();
    let batches = 0;
    server.batchPolicy = () =>
      batches++ === 0
        ? {
            code: ProtocolErrorCode.InvalidMessage,
            message: 'Invalid observation batch: observations[1].code: expected an error code; and 2 more',
            issues: [
              { path: 'observations[1].code', message: 'expected an error code' },
              { path: 'observations[4].facts.state', message: 'expected a string' },
              { path: 'observations[4]', message: 'unrecognized key: "extra"' },
            ],
          }
        : 'ack';
    const agent = newAgent(server.url, server.addAgent());
    const setAside = waitForAgent(agent, 'deadLettered');
    await agent.start();
    const [rejected, reason] = await setAside;
    await outboxEmptied(agent);

    const first = server.batches[0]!.observations;
    expect(rejected.observations).toEqual([first[1], first[4]]);
    expect(reason).toMatchObject({
      code: ProtocolErrorCode.InvalidMessage,
      issues: [
        { path: 'observations[0].code', message: 'expected an error code' },
        { path: 'observations[1].facts.state', message: 'expected a string' },
        { path: 'observations[1]', message: 'unrecognized key: "extra"' },
      ],
    });
    const delivered = first.filter((_, index) => index !== 1 && index !== 4).map((o) => o.id);
    expect([...server.stored.keys()].sort()).toEqual(delivered.sort());
    expect(server.batches[1]!.observations.map((o) => o.id)).toEqual(delivered);

    const deadLetters = await readDeadLetters();
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]!.batch.observations.map((o) => o.id)).toEqual([first[1]!.id, first[4]!.id]);
    expect(deadLetters[0]!.error).toEqual(reason);
  });

  it('delivers observations made under a previous agent id under the id it has now', async () => {
    const server = await startServer();
    const credentials = server.addAgent();
    const leftOver = [
      newObservation({ hostId: PREVIOUS_AGENT_ID }),
      newObservation({ hostId: PREVIOUS_AGENT_ID }),
    ];
    await leaveInOutbox(leftOver);
    const agent = newAgent(server.url, credentials);
    await agent.start();
    await outboxEmptied(agent);

    for (const { id } of leftOver) {
      expect(server.stored.get(id)).toMatchObject({ hostId: credentials.agentId });
    }
    expect(server.stored.size).toBe(FIRST_SNAPSHOT + leftOver.length);
  });

  it("sets aside a batch the server refuses as another host's instead of resending it forever", async () => {
    const server = await startServer();
    let batches = 0;
    server.batchPolicy = () =>
      batches++ === 0
        ? {
            code: ProtocolErrorCode.HostMismatch,
            message: 'observations[0].hostId: an agent may only report for its own host',
            issues: [{ path: 'observations[0].hostId', message: 'not this agent’s host id' }],
          }
        : 'ack';
    const agent = newAgent(server.url, server.addAgent());
    const setAside = waitForAgent(agent, 'deadLettered');
    await agent.start();
    const [batch, reason] = await setAside;
    expect(reason.code).toBe(ProtocolErrorCode.HostMismatch);
    expect(batch.observations).toHaveLength(FIRST_SNAPSHOT);
    expect(agent.outboxDepth).toBe(0);
    expect(await readDeadLetters()).toHaveLength(1);

    host.failServiceStart('Spooler', '0x80070057');
    await server.storedMatching((o) => o.target === 'Spooler' && o.status === 'failing');
    expect(server.batches).toHaveLength(2);
    expect(server.batches[1]!.observations).toHaveLength(1);
  });

  it('keeps every batch within the byte budget, however many observations wait', async () => {
    const server = await startServer();
    // 120 observations of about 20 kB each: some 2.4 MB waiting, well under 500 observations.
    const evidence = Array.from({ length: 10 }, (_, line) =>
      `${line}`.padEnd(LIMITS.evidenceLineLength, '.'),
    );
    const backlog = Array.from({ length: 120 }, (_, i) =>
      newObservation({ target: `Service${i}`, evidence }),
    );
    await leaveInOutbox(backlog);
    const agent = newAgent(server.url, server.addAgent());
    await agent.start();
    await outboxEmptied(agent);

    expect(server.stored.size).toBe(backlog.length + FIRST_SNAPSHOT);
    expect(server.batchBytes.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...server.batchBytes)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    // Full batches, not a trickle: each but the last would have overflowed with one more observation.
    expect(server.batchBytes.slice(0, -1).every((bytes) => bytes > MAX_BATCH_BYTES - 25_000)).toBe(true);
  });

  it('sets aside an observation too large for any batch, saying why, and delivers the others', async () => {
    const server = await startServer();
    // Within the protocol's limits, yet over the batch budget: 5 lists of 1,000 strings of 256 characters.
    const hugeList = Array.from({ length: 1000 }, () => 'k'.repeat(256));
    const huge = newObservation({
      target: 'Inventory',
      facts: Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`list${i}`, hugeList])),
    });
    const small = newObservation({ target: 'Spooler' });
    await leaveInOutbox([huge, small]);
    const agent = newAgent(server.url, server.addAgent());
    const setAside = waitForAgent(agent, 'deadLettered');
    await agent.start();
    const [batch, reason] = await setAside;
    await outboxEmptied(agent);

    expect(batch.observations.map((o) => o.id)).toEqual([huge.id]);
    expect(reason.code).toBe(OBSERVATION_TOO_LARGE);
    expect(reason.message).toMatch(
      /^observation \S+ \(service Inventory\) is \d+ bytes as JSON, more than a batch may carry \(1000000 bytes\)$/,
    );
    expect(server.stored.has(huge.id)).toBe(false);
    expect(server.stored.has(small.id)).toBe(true);
    expect((await readDeadLetters())[0]).toMatchObject({ error: { code: OBSERVATION_TOO_LARGE } });
  });

  it('takes new credentials at once, keeps its outbox, and sends what waits under the new id', async () => {
    const server = await startServer();
    const refused = { agentId: '0190a6b0-0000-7000-8000-0000000000ee', token: 'r'.repeat(40) };
    // A refusal would be retried only after 10 s: connecting sooner proves the new credentials were taken at once.
    const agent = new Agent({
      host,
      credentials: { serverUrl: server.url, agentId: refused.agentId, agentToken: refused.token },
      stateDir,
      probeIntervalMs: 60_000,
      link: { ...FAST_LINK, refusalRetryInitialMs: 10_000, refusalRetryMaxMs: 10_000 },
    });
    agents.push(agent);
    const firstRefusal = waitForAgent(agent, 'refused');
    await agent.start();
    await firstRefusal;
    const observed = waitForAgent(agent, 'observed', (o) => o.target === 'Spooler');
    host.failServiceStart('Spooler', '0x80070057');
    const [failing] = await observed;
    expect(failing.hostId).toBe(refused.agentId);

    const renewed = server.addAgent();
    const connected = waitForAgent(agent, 'connected');
    agent.replaceCredentials({ serverUrl: server.url, agentId: renewed.agentId, agentToken: renewed.token });
    await connected;
    await outboxEmptied(agent);
    expect(agent.hostId).toBe(renewed.agentId);
    expect(server.stored.get(failing.id)).toMatchObject({ hostId: renewed.agentId, status: 'failing' });
    expect(server.stored.size).toBe(FIRST_SNAPSHOT + 1);
  });

  it('reconnects under new credentials while connected, and refuses credentials for another server', async () => {
    const server = await startServer();
    const agent = newAgent(server.url, server.addAgent());
    const connected = waitForAgent(agent, 'connected');
    await agent.start();
    await connected;

    const renewed = server.addAgent();
    const hello = server.nextEvent('hello');
    agent.replaceCredentials({
      serverUrl: `${server.url}/`,
      agentId: renewed.agentId,
      agentToken: renewed.token,
    });
    const [agentId] = await hello;
    expect(agentId).toBe(renewed.agentId);
    expect(() =>
      agent.replaceCredentials({
        serverUrl: 'http://elsewhere:8080',
        agentId: renewed.agentId,
        agentToken: 'x',
      }),
    ).toThrow(/start a new agent/);
  });

  it('retries a refused connection with growing delays, never in a tight loop, and gets in once allowed', async () => {
    const server = await startServer();
    const credentials = { agentId: '0190a6b0-0000-7000-8000-00000000cccc', token: 't'.repeat(40) };
    const agent = newAgent(server.url, credentials);
    const refusals: Refusal[] = [];
    agent.on('refused', (refusal) => refusals.push(refusal));
    const fourAttempts = server.nextEvents('connectAttempt', 4);
    await agent.start();
    const at = (await fourAttempts).map(([time]) => time);

    const gaps = at.slice(1).map((time, i) => time - at[i]!);
    // Jitter is ±50 % around 100, 200, 400 ms (capped at 400): never under half the first delay.
    expect(gaps.every((gap) => gap >= 45)).toBe(true);
    expect(at[3]! - at[0]!).toBeGreaterThanOrEqual(340);
    expect(refusals[0]).toMatchObject({
      code: ConnectRefusal.InvalidCredentials,
      message: 'invalid agent credentials',
    });
    expect(refusals[0]!.retryInMs).toBeLessThanOrEqual(150);
    expect(refusals[2]!.retryInMs).toBeGreaterThanOrEqual(200);
    expect(refusals.every((refusal) => refusal.retryInMs <= 400)).toBe(true);

    const connected = waitForAgent(agent, 'connected');
    server.agents.set(credentials.agentId, credentials.token);
    await connected;
  });

  it('tells the server how many observations wait, in its heartbeats', async () => {
    const server = await startServer({ heartbeatIntervalMs: 50 });
    server.batchPolicy = () => 'drop';
    const agent = newAgent(server.url, server.addAgent());
    const heartbeat = server.nextEvent('heartbeat');
    await agent.start();
    const [, beat] = await heartbeat;
    expect(beat.outboxDepth).toBe(FIRST_SNAPSHOT);
  });

  it('sends the host facts again when they change', async () => {
    const server = await startServer();
    const agent = newAgent(server.url, server.addAgent());
    const connected = waitForAgent(agent, 'connected');
    await agent.start();
    await connected;
    const update = server.nextEvent('facts');
    host.installKb('KB5005030', { requiresRestart: true });
    const [, { facts }] = await update;
    expect(facts.installedKbs).toContain('KB5005030');
    expect(facts.pendingReboot).toBe(true);
  });

  it('reports a lost connection and comes back by itself', async () => {
    const port = await findFreePort();
    const agentsOfServer = new Map<string, string>();
    const server = await startServer({ port, agents: agentsOfServer });
    const agent = newAgent(server.url, server.addAgent());
    const connected = waitForAgent(agent, 'connected');
    await agent.start();
    await connected;

    const disconnected = waitForAgent(agent, 'disconnected');
    await server.close();
    await disconnected;
    expect(agent.isConnected).toBe(false);

    const reconnected = waitForAgent(agent, 'connected');
    await startServer({ port, agents: agentsOfServer });
    await reconnected;
    expect(agent.isConnected).toBe(true);
  });
});
