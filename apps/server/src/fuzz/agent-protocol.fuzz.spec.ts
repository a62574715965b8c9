/**
 * Property-based fuzzing of the `/agents` protocol against the real server: thousands of malformed
 * messages, each answered with INVALID_MESSAGE naming where it is wrong, none of it stored, the connection
 * and the server still serving. Messages go one at a time (the gateway allows one batch in flight).
 */
import fc from 'fast-check';
import {
  factsUpdateSchema,
  heartbeatSchema,
  helloSchema,
  observationBatchSchema,
  type EnrollmentResponse,
  type ErrorAck,
  type HostDetail,
  type IncidentList,
  type ProtocolError,
} from '@fleetmedic/protocol';
import { MAX_SOCKET_MESSAGE_BYTES } from '../socket-adapter';
import { newBatch, newHostFacts, newServiceObservation, uuidv7 } from '../testing/factories';
import {
  type TestAgentSocket,
  type TestServer,
  connectAgent,
  enroll,
  getJson,
  startTestServer,
} from '../testing/test-server';
import { AGENT_FUZZ_RUNS, FUZZ_SEED, MIN_FUZZ_INPUTS, REST_FUZZ_RUNS, sum } from './fuzz-budget';
import {
  MAX_ERROR_CHARS,
  type Mutation,
  anyRefusedJson,
  anyRefusedValue,
  asSent,
  brokenInOnePlace,
  issuesProblem,
  largeMessage,
  largeRefused,
  runs,
} from './malformed';

/** An answer that is not prompt is a hang: fail the run instead of waiting for jest's timeout. */
const ANSWER_WITHIN_MS = 5_000;
/** GET /api/health every so many inputs: the server still answers between them. */
const HEALTH_EVERY = 250;

/** Says what is wrong with the answer to a bad message, or null when it names the problem as it should. */
function problemWith(ack: unknown, mutation: Mutation | null): string | null {
  const text = JSON.stringify(ack) ?? 'undefined';
  if ((ack as { ok?: unknown } | null)?.ok !== false) return `accepted: ${text.slice(0, 200)}`;
  if (text.length > MAX_ERROR_CHARS) return `an answer of ${text.length} characters`;
  const error = (ack as ErrorAck).error;
  if (error?.code !== 'INVALID_MESSAGE') return `code ${error?.code}: ${error?.message}`;
  if (!/^Invalid [a-z ]+: .{3,}/.test(error.message)) return `vague message: ${error.message}`;
  return issuesProblem(error.message, error.issues ?? [], mutation);
}

// Thousands of messages per test: far beyond jest's 5 s default on a loaded machine.
jest.setTimeout(120_000);

describe('agent protocol under malformed input', () => {
  let server: TestServer;
  let agent: EnrollmentResponse;
  let socket: TestAgentSocket;

  beforeAll(async () => {
    // LOG_LEVEL error: refusals are warnings, so whatever the log holds afterwards is a failure.
    server = await startTestServer({ LOG_LEVEL: 'error' });
    agent = await enroll(server, 'PC-FUZZ');
    socket = await connectAgent(server, agent);
  });

  afterAll(async () => {
    socket.close();
    await server.stop();
  });

  const send = (event: 'observations' | 'hello' | 'facts', message: unknown): Promise<unknown> =>
    socket.timeout(ANSWER_WITHIN_MS).emitWithAck(event, message as never);

  const property = async <T>(
    label: string,
    arbitrary: fc.Arbitrary<T>,
    numRuns: number,
    check: (input: T) => Promise<string | null>,
  ): Promise<number> => {
    const before = runs.count;
    await fc.assert(
      fc.asyncProperty(arbitrary, async (input) => {
        runs.count += 1;
        const problem =
          (await check(input)) ??
          (socket.connected ? null : 'the connection closed') ??
          (runs.count % HEALTH_EVERY === 0 && (await fetch(`${server.url}/api/health`)).status !== 200
            ? 'the server stopped answering /api/health'
            : null);
        if (problem !== null) throw new Error(`${label}: ${problem}`);
      }),
      { seed: FUZZ_SEED, numRuns, endOnFailure: true },
    );
    return runs.count - before;
  };

  it('answers every malformed observation batch with the field at fault and stores none', async () => {
    const valid = newBatch([
      newServiceObservation(agent.agentId, { status: 'failing', code: '0x80070057', codeOriginal: '87' }),
      newServiceObservation(agent.agentId, {
        check: 'patch',
        target: 'KB5005030',
        status: 'failing',
        code: '0x800f0922',
        codeOriginal: null,
        facts: { installState: 'failed', relatedKbs: ['KB5005030', 'KB5005565'], retries: 2, pending: true },
        // placeholders, not Windows output: the fuzz only needs lines to break
        evidence: ['first evidence line', 'second evidence line'],
        reason: 'snapshot',
      }),
      newServiceObservation(agent.agentId, {
        check: 'registry',
        target: 'HKLM\\Software\\Policies\\Microsoft\\Windows NT\\Printers\\RPC',
        status: 'unknown',
        facts: { RpcUseNamedPipeProtocol: null },
      }),
    ]);
    expect(observationBatchSchema.safeParse(valid).success).toBe(true);
    const broken = await property(
      'observations',
      brokenInOnePlace(valid, observationBatchSchema),
      AGENT_FUZZ_RUNS.observationsBroken,
      async (mutation) => problemWith(await send('observations', asSent(mutation.message)), mutation),
    );
    const anyJson = await property(
      'observations (any JSON)',
      anyRefusedJson(observationBatchSchema),
      AGENT_FUZZ_RUNS.observationsAnyJson,
      async (value) => problemWith(await send('observations', value), null),
    );
    const anyValue = await property(
      'observations (any value, binary included)',
      anyRefusedValue(observationBatchSchema),
      AGENT_FUZZ_RUNS.observationsAnyValue,
      async (value) => problemWith(await send('observations', value), null),
    );
    const large = await property(
      'observations (large, up to 1 MB)',
      largeRefused,
      AGENT_FUZZ_RUNS.observationsLarge,
      async (input) => problemWith(await send('observations', largeMessage(input)), null),
    );
    expect(broken + anyJson + anyValue + large).toBe(
      AGENT_FUZZ_RUNS.observationsBroken +
        AGENT_FUZZ_RUNS.observationsAnyJson +
        AGENT_FUZZ_RUNS.observationsAnyValue +
        AGENT_FUZZ_RUNS.observationsLarge,
    );
    expect((await getJson<HostDetail>(server, `/api/hosts/${agent.agentId}`)).body.checks).toEqual([]);
  });

  it('answers every malformed hello and facts update the same way', async () => {
    const facts = newHostFacts({
      hostname: 'PC-FUZZ',
      domain: 'CORP',
      tags: ['finance'],
      site: 'HQ',
      watchedRegistryKeys: {
        'HKLM\\Software\\Microsoft\\Rpc\\Internet': { present: true, values: { Ports: '5000-5100' } },
      },
      lastBootAt: new Date().toISOString(),
    });
    const hello = { agentVersion: '0.1.0', facts, sentAt: new Date().toISOString() };
    const update = { facts, sentAt: new Date().toISOString() };
    const counted = [
      await property(
        'hello',
        brokenInOnePlace(hello, helloSchema),
        AGENT_FUZZ_RUNS.helloBroken,
        async (mutation) => problemWith(await send('hello', asSent(mutation.message)), mutation),
      ),
      await property(
        'hello (any JSON)',
        anyRefusedJson(helloSchema),
        AGENT_FUZZ_RUNS.helloAnyJson,
        async (value) => problemWith(await send('hello', value), null),
      ),
      await property(
        'facts',
        brokenInOnePlace(update, factsUpdateSchema),
        AGENT_FUZZ_RUNS.factsBroken,
        async (mutation) => problemWith(await send('facts', asSent(mutation.message)), mutation),
      ),
      await property(
        'facts (any JSON)',
        anyRefusedJson(factsUpdateSchema),
        AGENT_FUZZ_RUNS.factsAnyJson,
        async (value) => problemWith(await send('facts', value), null),
      ),
    ];
    expect(counted.reduce((total, count) => total + count, 0)).toBe(
      AGENT_FUZZ_RUNS.helloBroken +
        AGENT_FUZZ_RUNS.helloAnyJson +
        AGENT_FUZZ_RUNS.factsBroken +
        AGENT_FUZZ_RUNS.factsAnyJson,
    );
    // No hello or facts update ever passed: the host has no facts.
    expect((await getJson<HostDetail>(server, `/api/hosts/${agent.agentId}`)).body.facts).toBeNull();
  });

  it('answers a malformed heartbeat (which has no ack) with a protocol-error naming the field', async () => {
    const protocolError = (message: unknown): Promise<unknown> =>
      new Promise((resolve) => {
        const timer = setTimeout(() => resolve('no protocol-error'), ANSWER_WITHIN_MS);
        socket.once('protocol-error', (error: ProtocolError) => {
          clearTimeout(timer);
          resolve({ ok: false, error });
        });
        socket.emit('heartbeat', message as never);
      });
    const heartbeat = { sentAt: new Date().toISOString(), outboxDepth: 0 };
    const broken = await property(
      'heartbeat',
      brokenInOnePlace(heartbeat, heartbeatSchema),
      AGENT_FUZZ_RUNS.heartbeatBroken,
      async (mutation) => problemWith(await protocolError(asSent(mutation.message)), mutation),
    );
    const anyJson = await property(
      'heartbeat (any JSON)',
      anyRefusedJson(heartbeatSchema),
      AGENT_FUZZ_RUNS.heartbeatAnyJson,
      async (value) => problemWith(await protocolError(value), null),
    );
    expect(broken + anyJson).toBe(AGENT_FUZZ_RUNS.heartbeatBroken + AGENT_FUZZ_RUNS.heartbeatAnyJson);
  });

  it('closes the connection cleanly on a message over the size limit, and the agent can come back', async () => {
    const oversized = fc.integer({ min: MAX_SOCKET_MESSAGE_BYTES + 1, max: 2 * MAX_SOCKET_MESSAGE_BYTES });
    const before = runs.count;
    await fc.assert(
      fc.asyncProperty(oversized, async (bytes) => {
        runs.count += 1;
        const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
        const ack = socket.timeout(ANSWER_WITHIN_MS).emitWithAck('observations', {
          batchId: uuidv7(),
          observations: [],
          padding: 'x'.repeat(bytes),
        } as never);
        await expect(ack).rejects.toThrow();
        expect(await closed).toMatch(/transport (close|error)/);
        expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
        socket = await connectAgent(server, agent);
        expect(problemWith(await send('observations', {}), null)).toBeNull();
      }),
      { seed: FUZZ_SEED, numRuns: AGENT_FUZZ_RUNS.oversized, endOnFailure: true },
    );
    expect(runs.count - before).toBe(AGENT_FUZZ_RUNS.oversized);
  });

  it('kept serving and stored nothing of the malformed messages', async () => {
    expect(runs.count).toBe(sum(AGENT_FUZZ_RUNS));
    // The REST spec asserts its own share the same way: together they cannot fall below the minimum.
    expect(sum(AGENT_FUZZ_RUNS) + sum(REST_FUZZ_RUNS)).toBeGreaterThanOrEqual(MIN_FUZZ_INPUTS);
    expect(socket.connected).toBe(true);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const host = await getJson<HostDetail>(server, `/api/hosts/${agent.agentId}`);
    expect(host.body.checks).toEqual([]);
    expect(host.body.facts).toBeNull();
    expect((await getJson<IncidentList>(server, '/api/incidents?status=all')).body.incidents).toEqual([]);
    // `__proto__` keys arrived as own keys and were refused; none reached a prototype of this process.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    // Nothing failed inside the server: no error was logged.
    expect(server.logs).toEqual([]);
    // A valid batch still goes through afterwards.
    const ack = await send('observations', newBatch([newServiceObservation(agent.agentId)]));
    expect(ack).toMatchObject({ ok: true, stored: 1 });
  });
});
