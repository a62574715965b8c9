/**
 * Integration: an agent speaks only for its own PC, an admin can revoke it (its connection closes at once)
 * and rotate the enrollment secret (both outlast a restart), and guessing the secret is slowed down.
 */
import type {
  ApiError,
  AuditList,
  EnrollmentResponse,
  HostDetail,
  HostList,
  RevokedAgent,
  RotatedEnrollSecret,
} from '@fleetmedic/protocol';
import { PROTOCOL_VERSION } from '@fleetmedic/protocol';
import { newBatch, newHostFacts, newServiceObservation } from '../testing/factories';
import {
  type TestAgentSocket,
  type TestServer,
  TEST_ENROLL_SECRET,
  adminHeaders,
  agentSocket,
  connectAgent,
  connected,
  enroll,
  getJson,
  startTestServer,
} from '../testing/test-server';

async function hello(socket: TestAgentSocket, hostname: string): Promise<void> {
  await socket.emitWithAck('hello', {
    agentVersion: '0.1.0-test',
    facts: newHostFacts({ hostname }),
    sentAt: new Date().toISOString(),
  });
}

async function postEnroll(
  server: TestServer,
  secret: string,
  hostname: string,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${server.url}/api/agents/enroll`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      enrollSecret: secret,
      hostname,
      agentVersion: '0.1.0-test',
      protocolVersion: PROTOCOL_VERSION,
    }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

/** How `/agents` answers an agent's credentials: `'connected'` or the refusal's code. */
async function refusalOf(server: TestServer, enrollment: EnrollmentResponse): Promise<string | undefined> {
  const socket = agentSocket(server, {
    agentId: enrollment.agentId,
    token: enrollment.agentToken,
    protocolVersion: PROTOCOL_VERSION,
  });
  try {
    return await connected(socket).then(
      () => 'connected',
      (error: Error & { data?: { code?: string } }) => error.data?.code,
    );
  } finally {
    socket.close();
  }
}

describe('agent access', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('refuses observations for another host, stores none of them, and audits the attempt', async () => {
    const mallory = await enroll(server, 'PC-MALLORY');
    const victim = await enroll(server, 'PC-VICTIM');
    const socket = await connectAgent(server, mallory);
    await hello(socket, 'PC-MALLORY');
    const batch = newBatch([
      newServiceObservation(mallory.agentId),
      newServiceObservation(victim.agentId, { status: 'failing', code: '0x80070057', codeOriginal: '87' }),
    ]);
    const ack = await socket.emitWithAck('observations', batch);
    expect(ack).toMatchObject({
      ok: false,
      error: {
        code: 'HOST_MISMATCH',
        issues: [{ path: 'observations[1].hostId', message: expect.any(String) }],
      },
    });
    for (const id of [mallory.agentId, victim.agentId]) {
      const { body } = await getJson<HostDetail>(server, `/api/hosts/${id}`);
      expect(body.checks).toEqual([]);
    }
    const { body } = await getJson<AuditList>(server, '/api/audit?action=agent.host_mismatch');
    expect(body.events).toHaveLength(1);
    expect(body.events[0]).toMatchObject({
      outcome: 'denied',
      actor: { kind: 'agent', id: mallory.agentId },
      detail: { batchId: batch.batchId, claimedHostIds: [victim.agentId], observations: 2 },
    });
    expect(socket.connected).toBe(true);
    socket.close();
  });

  it('disconnects a revoked agent at once, refuses it afterwards, and audits the revocation', async () => {
    const enrollment = await enroll(server, 'PC-STOLEN');
    const socket = await connectAgent(server, enrollment);
    await hello(socket, 'PC-STOLEN');
    const closed = new Promise((resolve) => socket.once('disconnect', resolve));
    const response = await fetch(`${server.url}/api/agents/${enrollment.agentId}/revoke`, {
      method: 'POST',
      headers: adminHeaders,
    });
    expect(response.status).toBe(200);
    expect((await response.json()) as RevokedAgent).toMatchObject({
      agentId: enrollment.agentId,
      hostname: 'PC-STOLEN',
      disconnected: 1,
    });
    await expect(closed).resolves.toBe('io server disconnect');

    expect(await refusalOf(server, enrollment)).toBe('AGENT_REVOKED');
    const { body } = await getJson<AuditList>(server, '/api/audit?action=agent.revoked');
    expect(body.events[0]).toMatchObject({
      actor: { kind: 'user', name: 'admin' },
      target: `agent:${enrollment.agentId}`,
      detail: { hostname: 'PC-STOLEN', disconnected: 1 },
    });
    const unknown = await fetch(`${server.url}/api/agents/00000000-0000-4000-8000-000000000000/revoke`, {
      method: 'POST',
      headers: adminHeaders,
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ApiError).code).toBe('AGENT_NOT_FOUND');
  });

  it('rotates the enrollment secret: shown once, the old one stops, enrolled agents keep working', async () => {
    const before: EnrollmentResponse = await enroll(server, 'PC-ENROLLED-BEFORE');
    const online = await connectAgent(server, before);
    await hello(online, 'PC-ENROLLED-BEFORE');
    const response = await fetch(`${server.url}/api/agents/enroll-secret/rotate`, {
      method: 'POST',
      headers: adminHeaders,
    });
    expect(response.status).toBe(200);
    const rotated = (await response.json()) as RotatedEnrollSecret;
    expect(rotated.enrollSecret.length).toBeGreaterThanOrEqual(24);
    expect(rotated.enrollSecret).not.toBe(TEST_ENROLL_SECRET);
    const old = await postEnroll(server, TEST_ENROLL_SECRET, 'PC-OLD-SECRET');
    expect(old.status).toBe(401);
    expect(old.body).toMatchObject({ code: 'INVALID_ENROLL_SECRET' });
    expect((await postEnroll(server, rotated.enrollSecret, 'PC-NEW-SECRET')).status).toBe(201);
    // An agent connected all along keeps reporting, and one that reconnects is let in.
    const ack = await online.emitWithAck('observations', newBatch([newServiceObservation(before.agentId)]));
    expect(ack).toMatchObject({ ok: true, stored: 1 });
    online.close();
    const socket = await connectAgent(server, before);
    expect(socket.connected).toBe(true);
    socket.close();
    const { body } = await getJson<AuditList>(server, '/api/audit?action=enroll_secret.');
    expect(body.events[0]).toMatchObject({ action: 'enroll_secret.rotated', actor: { name: 'admin' } });
    // Shown once: nothing the server answers afterwards holds it.
    const holding: string[] = [];
    for (const route of ['/api/audit?limit=500', '/api/hosts', '/api/auth/me']) {
      const answer = await (await fetch(`${server.url}${route}`, { headers: adminHeaders })).text();
      if (answer.includes(rotated.enrollSecret)) holding.push(route);
    }
    expect(holding).toEqual([]);
  });

  it('keeps a rotated secret and a revoked agent after a restart, though FLEETMEDIC_ENROLL_SECRET still names the old secret', async () => {
    const first = await startTestServer();
    const stolen = await enroll(first, 'PC-STOLEN-BEFORE-RESTART');
    const kept = await enroll(first, 'PC-KEPT');
    expect(
      (
        await fetch(`${first.url}/api/agents/${stolen.agentId}/revoke`, {
          method: 'POST',
          headers: adminHeaders,
        })
      ).status,
    ).toBe(200);
    const rotated = (await (
      await fetch(`${first.url}/api/agents/enroll-secret/rotate`, { method: 'POST', headers: adminHeaders })
    ).json()) as RotatedEnrollSecret;
    await first.stop();

    const again = await startTestServer({}, first.dir);
    try {
      expect((await postEnroll(again, TEST_ENROLL_SECRET, 'PC-OLD-SECRET')).status).toBe(401);
      expect((await postEnroll(again, rotated.enrollSecret, 'PC-NEW-SECRET')).status).toBe(201);
      expect(await refusalOf(again, stolen)).toBe('AGENT_REVOKED');
      (await connectAgent(again, kept)).close();
    } finally {
      await again.stop();
    }
  });

  it('slows down guessing the enrollment secret: 429 with Retry-After past the limit, without checking the secret, audited', async () => {
    const guessed = await startTestServer({ FLEETMEDIC_ENROLL_MAX_FAILURES: '3' });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 4; attempt += 1)
        statuses.push(
          (await postEnroll(guessed, `a-wrong-guess-${attempt}-at-the-secret`, `PC-GUESS-${attempt}`)).status,
        );
      expect(statuses).toEqual([401, 401, 401, 429]);
      // Past the limit even the right secret is not looked at, so a lucky guess is not told apart.
      const limited = await postEnroll(guessed, TEST_ENROLL_SECRET, 'PC-RIGHT-BUT-LATE');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(limited.body).toMatchObject({ code: 'TOO_MANY_ATTEMPTS' });
      // A header the client writes does not make it another address.
      const disguised = await postEnroll(guessed, 'yet-another-wrong-guess', 'PC-DISGUISED', {
        'x-forwarded-for': '203.0.113.7',
      });
      expect(disguised.status).toBe(429);
      const { body } = await getJson<AuditList>(guessed, '/api/audit?action=agent.enroll');
      expect(body.events.map((event) => [event.outcome, event.actor.name]).reverse()).toEqual([
        ['failure', 'PC-GUESS-0'],
        ['failure', 'PC-GUESS-1'],
        ['failure', 'PC-GUESS-2'],
        ['denied', 'PC-GUESS-3'],
        ['denied', 'PC-RIGHT-BUT-LATE'],
        ['denied', 'PC-DISGUISED'],
      ]);
      const { body: hosts } = await getJson<HostList>(guessed, '/api/hosts');
      expect(hosts.hosts.map((host) => host.hostname)).not.toContain('PC-RIGHT-BUT-LATE');
    } finally {
      await guessed.stop();
    }
  });
});
