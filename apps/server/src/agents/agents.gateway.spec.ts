/** Integration: a real server on a temporary SQLite file, spoken to over real socket.io and HTTP. */
import {
  PROTOCOL_VERSION,
  type Ack,
  type BatchAck,
  type HelloReply,
  type HostDetail,
  type HostList,
  type ApiError,
} from '@fleetmedic/protocol';
import { io } from 'socket.io-client';
import { newBatch, newHostFacts, newServiceObservation } from '../testing/factories';
import {
  type TestServer,
  agentSocket,
  connectAgent,
  connected,
  enroll,
  getJson,
  liveSocket,
  startTestServer,
} from '../testing/test-server';

describe('agents over /agents', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('refuses a connection without credentials, naming the problem', async () => {
    const socket = agentSocket(server, {});
    await expect(connected(socket)).rejects.toMatchObject({
      message: expect.stringMatching(/Missing or malformed agent credentials/),
      data: { code: 'MISSING_CREDENTIALS' },
    });
    socket.close();
  });

  it('refuses a connection with a wrong token', async () => {
    const enrollment = await enroll(server, 'PC-WRONG-TOKEN');
    const socket = agentSocket(server, {
      agentId: enrollment.agentId,
      token: 'not-the-token',
      protocolVersion: PROTOCOL_VERSION,
    });
    await expect(connected(socket)).rejects.toMatchObject({ data: { code: 'INVALID_CREDENTIALS' } });
    socket.close();
  });

  it('stores a valid batch and shows the host online with its service states', async () => {
    const enrollment = await enroll(server, 'PC-OK');
    const socket = await connectAgent(server, enrollment);
    const hello: Ack<HelloReply> = await socket.emitWithAck('hello', {
      agentVersion: '0.1.0-test',
      facts: newHostFacts({ hostname: 'PC-OK' }),
      sentAt: new Date().toISOString(),
    });
    expect(hello).toMatchObject({ ok: true, heartbeatIntervalMs: 15_000 });

    const failing = newServiceObservation(enrollment.agentId, {
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
    });
    const running = newServiceObservation(enrollment.agentId, { target: 'CryptSvc' });
    const ack: Ack<BatchAck> = await socket.emitWithAck('observations', newBatch([failing, running]));
    expect(ack).toMatchObject({ ok: true, stored: 2, duplicates: 0 });

    const { body } = await getJson<HostDetail>(server, `/api/hosts/${enrollment.agentId}`);
    expect(body).toMatchObject({ hostname: 'PC-OK', online: true, health: 'failing', osBuild: '17763.2183' });
    expect(body.checks.map((check) => [check.target, check.status, check.code, check.facts.state])).toEqual([
      ['CryptSvc', 'ok', null, 'RUNNING'],
      ['Spooler', 'failing', '0x80070057', 'STOPPED'],
    ]);
    socket.close();
  });

  it('stores a resent batch only once', async () => {
    const enrollment = await enroll(server, 'PC-RESEND');
    const socket = await connectAgent(server, enrollment);
    const batch = newBatch([newServiceObservation(enrollment.agentId)]);
    await expect(socket.emitWithAck('observations', batch)).resolves.toMatchObject({
      stored: 1,
      duplicates: 0,
    });
    await expect(socket.emitWithAck('observations', batch)).resolves.toMatchObject({
      stored: 0,
      duplicates: 1,
    });
    socket.close();
  });

  it('refuses a malformed batch naming the field, stores nothing of it and keeps serving', async () => {
    const enrollment = await enroll(server, 'PC-MALFORMED');
    const socket = await connectAgent(server, enrollment);
    const good = newServiceObservation(enrollment.agentId);
    const bad = { ...newServiceObservation(enrollment.agentId, { target: 'BITS' }), code: '87' };
    const ack: Ack<BatchAck> = await socket.emitWithAck('observations', newBatch([good, bad]));
    expect(ack).toMatchObject({
      ok: false,
      error: { code: 'INVALID_MESSAGE', message: expect.stringContaining('observations[1].code') },
    });

    const afterRefusal = await getJson<HostDetail>(server, `/api/hosts/${enrollment.agentId}`);
    expect(afterRefusal.body.checks).toEqual([]);

    const retry: Ack<BatchAck> = await socket.emitWithAck('observations', newBatch([good]));
    expect(retry).toMatchObject({ ok: true, stored: 1 });
    socket.close();
  });

  it('refuses garbage that is not a batch at all', async () => {
    const enrollment = await enroll(server, 'PC-GARBAGE');
    const socket = await connectAgent(server, enrollment);
    const ack: Ack<BatchAck> = await socket.emitWithAck('observations', 'not a batch' as never);
    expect(ack).toMatchObject({ ok: false, error: { code: 'INVALID_MESSAGE' } });
    socket.close();
  });

  it('refuses observations for another host', async () => {
    const mine = await enroll(server, 'PC-MINE');
    const theirs = await enroll(server, 'PC-THEIRS');
    const socket = await connectAgent(server, mine);
    const ack: Ack<BatchAck> = await socket.emitWithAck(
      'observations',
      newBatch([newServiceObservation(theirs.agentId)]),
    );
    expect(ack).toMatchObject({ ok: false, error: { code: 'HOST_MISMATCH' } });
    const { body } = await getJson<HostDetail>(server, `/api/hosts/${theirs.agentId}`);
    expect(body.checks).toEqual([]);
    socket.close();
  });

  it('pushes a host going offline to /live', async () => {
    const enrollment = await enroll(server, 'PC-LIVE');
    const live = await liveSocket(server);
    const socket = await connectAgent(server, enrollment);
    const online = new Promise((resolve) =>
      live.on('host.updated', (host) => host.id === enrollment.agentId && host.online && resolve(host)),
    );
    await online;
    const offline = new Promise((resolve) =>
      live.on('host.updated', (host) => host.id === enrollment.agentId && !host.online && resolve(host)),
    );
    socket.close();
    await expect(offline).resolves.toMatchObject({ hostname: 'PC-LIVE', online: false });
    live.close();
  });

  it('lists hosts and answers unknown ids with 404 and bad ids with 400', async () => {
    const list = await getJson<HostList>(server, '/api/hosts');
    expect(list.status).toBe(200);
    expect(list.body.hosts.map((host) => host.hostname)).toContain('PC-OK');

    const missing = await getJson<ApiError>(server, '/api/hosts/0196f3a0-0000-7000-8000-000000000000');
    expect(missing).toEqual({
      status: 404,
      body: expect.objectContaining({ code: 'HOST_NOT_FOUND', message: expect.stringContaining('No host') }),
    });

    const invalid = await getJson<ApiError>(server, '/api/hosts/not-a-uuid');
    expect(invalid.status).toBe(400);
    expect(invalid.body).toMatchObject({ code: 'INVALID_REQUEST', issues: [{ path: 'id' }] });
  });

  it('accepts one batch at a time per connection', async () => {
    const enrollment = await enroll(server, 'PC-GREEDY');
    const socket = await connectAgent(server, enrollment);
    const first = socket.emitWithAck('observations', newBatch([newServiceObservation(enrollment.agentId)]));
    const second = socket.emitWithAck('observations', newBatch([newServiceObservation(enrollment.agentId)]));
    await expect(first).resolves.toMatchObject({ ok: true, stored: 1 });
    await expect(second).resolves.toMatchObject({ ok: false, error: { code: 'NOT_READY' } });
    socket.close();
  });

  it('closes the connections of a host whose credentials were replaced', async () => {
    const first = await enroll(server, 'PC-REENROLLED', { machineId: 'machine-guid-reenrolled' });
    const socket = await connectAgent(server, first);
    const closed = new Promise((resolve) => socket.on('disconnect', resolve));
    await enroll(server, 'PC-REENROLLED', { machineId: 'machine-guid-reenrolled' });
    await expect(closed).resolves.toBe('io server disconnect');
    const stale = agentSocket(server, {
      agentId: first.agentId,
      token: first.agentToken,
      protocolVersion: PROTOCOL_VERSION,
    });
    await expect(connected(stale)).rejects.toMatchObject({ data: { code: 'INVALID_CREDENTIALS' } });
    stale.close();
  });

  it('has no default namespace: only /agents and /live', async () => {
    const socket = io(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
    await expect(connected(socket)).rejects.toThrow(/connect to \/agents or \/live/);
    socket.close();
  });
});

describe('the connection ceiling', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ FLEETMEDIC_MAX_CONNECTIONS: '1' });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('refuses connections beyond FLEETMEDIC_MAX_CONNECTIONS and keeps serving the others', async () => {
    const first = await liveSocket(server);
    const second = io(`${server.url}/live`, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
    });
    await expect(connected(second)).rejects.toThrow();
    expect(first.connected).toBe(true);
    second.close();
    first.close();
  });
});
