/**
 * Property-based fuzzing of the `/agents` protocol against the real server: thousands of malformed
 * messages, each answered with INVALID_MESSAGE naming where it is wrong, none of it stored, the connection
 * and the server still serving.
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
  type ProtocolIssue,
} from '@fleetmedic/protocol';
import { newBatch, newHostFacts, newServiceObservation } from '../testing/factories';
import {
  type TestAgentSocket,
  type TestServer,
  connectAgent,
  enroll,
  getJson,
  startTestServer,
} from '../testing/test-server';
import { type Mutation, anyRefusedJson, brokenInOnePlace, runs } from './malformed';

const SEED = 20261204;

/** Says what is wrong with an error ack, or null when it names the problem as it should. */
function problemWith(ack: unknown, mutation: Mutation | null): string | null {
  const error = (ack as Partial<ErrorAck>).error;
  if ((ack as { ok?: unknown }).ok !== false || !error)
    return `accepted: ${JSON.stringify(ack).slice(0, 200)}`;
  if (error.code !== 'INVALID_MESSAGE') return `code ${error.code}: ${error.message}`;
  if (!/^Invalid [a-z ]+: .{3,}/.test(error.message)) return `vague message: ${error.message}`;
  const issues: ProtocolIssue[] = error.issues ?? [];
  if (issues.length === 0 || issues.some((issue) => issue.message.length < 3)) return 'no issues named';
  if (mutation === null) return null;
  const related = issues.some(
    (issue) => mutation.path.startsWith(issue.path) || issue.path.startsWith(mutation.path),
  );
  return related ? null : `broke ${mutation.path}, told ${issues.map((issue) => issue.path).join(', ')}`;
}

// Thousands of messages per test: far beyond jest's 5 s default on a loaded machine.
jest.setTimeout(120_000);

describe('agent protocol under malformed input', () => {
  let server: TestServer;
  let agent: EnrollmentResponse;
  let socket: TestAgentSocket;

  beforeAll(async () => {
    server = await startTestServer({ LOG_LEVEL: 'error' });
    agent = await enroll(server, 'PC-FUZZ');
    socket = await connectAgent(server, agent);
  });

  afterAll(async () => {
    socket.close();
    await server.stop();
  });

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
        const problem = await check(input);
        if (problem !== null) throw new Error(`${label}: ${problem}`);
      }),
      { seed: SEED, numRuns, endOnFailure: true },
    );
    return runs.count - before;
  };

  it('answers every malformed observation batch with the field at fault and stores none', async () => {
    const valid = newBatch([
      newServiceObservation(agent.agentId, { status: 'failing', code: '0x80070057', codeOriginal: '87' }),
      newServiceObservation(agent.agentId, { target: 'BITS' }),
    ]);
    const broken = await property(
      'observations',
      brokenInOnePlace(valid, observationBatchSchema),
      4000,
      async (mutation) =>
        problemWith(
          await socket.emitWithAck('observations', JSON.parse(JSON.stringify(mutation.message))),
          mutation,
        ),
    );
    const anyJson = await property(
      'observations (any JSON)',
      anyRefusedJson(observationBatchSchema),
      1000,
      async (value) => problemWith(await socket.emitWithAck('observations', value as never), null),
    );
    expect(broken + anyJson).toBe(5000);
  });

  it('answers every malformed hello and facts update the same way', async () => {
    const hello = {
      agentVersion: '0.1.0',
      facts: newHostFacts({ hostname: 'PC-FUZZ' }),
      sentAt: new Date().toISOString(),
    };
    const hellos = await property('hello', brokenInOnePlace(hello, helloSchema), 1500, async (mutation) =>
      problemWith(await socket.emitWithAck('hello', JSON.parse(JSON.stringify(mutation.message))), mutation),
    );
    const facts = { facts: newHostFacts({ hostname: 'PC-FUZZ' }), sentAt: new Date().toISOString() };
    const factUpdates = await property(
      'facts',
      brokenInOnePlace(facts, factsUpdateSchema),
      1500,
      async (mutation) =>
        problemWith(
          await socket.emitWithAck('facts', JSON.parse(JSON.stringify(mutation.message))),
          mutation,
        ),
    );
    expect(hellos + factUpdates).toBe(3000);
  });

  it('answers a malformed heartbeat with a protocol-error naming the field', async () => {
    const heartbeat = { sentAt: new Date().toISOString(), outboxDepth: 0 };
    const heartbeats = await property(
      'heartbeat',
      brokenInOnePlace(heartbeat, heartbeatSchema),
      300,
      async (mutation) => {
        const answer = new Promise<unknown>((resolve) => socket.once('protocol-error', resolve));
        socket.emit('heartbeat', JSON.parse(JSON.stringify(mutation.message)));
        return problemWith({ ok: false, error: await answer }, mutation);
      },
    );
    expect(heartbeats).toBe(300);
  });

  it('kept serving and stored nothing of 8,300 malformed messages', async () => {
    expect(runs.count).toBe(8300);
    expect(socket.connected).toBe(true);
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    const host = await getJson<HostDetail>(server, `/api/hosts/${agent.agentId}`);
    expect(host.body.checks).toEqual([]);
    // No hello ever passed: the host has no facts.
    expect(host.body.facts).toBeNull();
    expect((await getJson<IncidentList>(server, '/api/incidents?status=all')).body.incidents).toEqual([]);
    // A valid batch still goes through afterwards.
    const ack = await socket.emitWithAck('observations', newBatch([newServiceObservation(agent.agentId)]));
    expect(ack).toMatchObject({ ok: true, stored: 1 });
  });
});
