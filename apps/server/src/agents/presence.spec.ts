/** Integration: presence follows heartbeats, not just the socket. */
import { newHostFacts } from '../testing/factories';
import { type TestServer, connectAgent, enroll, liveSocket, startTestServer } from '../testing/test-server';

describe('presence', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ FLEETMEDIC_HEARTBEAT_INTERVAL_MS: '1000' });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('closes a silent agent and shows its host offline, while a host that keeps beating stays online', async () => {
    const beating = await enroll(server, 'PC-BEATING');
    const silent = await enroll(server, 'PC-SILENT');
    const live = await liveSocket(server);
    // Only an online host going offline counts: the enrollments' own (offline) updates may arrive late.
    const wentOffline: string[] = [];
    const wasOnline = new Map<string, boolean>();
    live.on('host.updated', (host) => {
      if (wasOnline.get(host.hostname) === true && !host.online) wentOffline.push(host.hostname);
      wasOnline.set(host.hostname, host.online);
    });
    const silentOffline = new Promise((resolve) =>
      live.on('host.updated', (host) => host.id === silent.agentId && !host.online && resolve(host)),
    );

    const beatingSocket = await connectAgent(server, beating);
    await beatingSocket.emitWithAck('hello', {
      agentVersion: '1',
      facts: newHostFacts({ hostname: 'PC-BEATING' }),
      sentAt: new Date().toISOString(),
    });
    const beat = setInterval(
      () => beatingSocket.emit('heartbeat', { sentAt: new Date().toISOString(), outboxDepth: 0 }),
      200,
    );
    const silentSocket = await connectAgent(server, silent);
    try {
      const closed = new Promise((resolve) => silentSocket.on('disconnect', resolve));

      // The silent host's closing takes at least one offline window (3 heartbeat intervals); the sweep
      // looked at the beating host just as often and must have left it alone.
      await expect(closed).resolves.toBe('io server disconnect');
      await expect(silentOffline).resolves.toMatchObject({ hostname: 'PC-SILENT', online: false });
      expect(wentOffline).not.toContain('PC-BEATING');
      expect(beatingSocket.connected).toBe(true);
    } finally {
      clearInterval(beat);
      beatingSocket.close();
      silentSocket.close();
      live.close();
    }
  });
});
