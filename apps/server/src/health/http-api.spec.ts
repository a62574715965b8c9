/** Integration: the REST surface that needs no agent — health, enrollment errors, docs, bad requests. */
import { PROTOCOL_VERSION, type ApiError, type FleetHistory, type Health } from '@fleetmedic/protocol';
import {
  TEST_ENROLL_SECRET,
  type TestServer,
  adminHeaders,
  enroll,
  getJson,
  startTestServer,
} from '../testing/test-server';

async function post(
  server: TestServer,
  route: string,
  body: string,
): Promise<{ status: number; body: ApiError }> {
  const response = await fetch(`${server.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, body: (await response.json()) as ApiError };
}

describe('REST API', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ FLEETMEDIC_FLEET_SAMPLE_INTERVAL_MS: '100' });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('answers GET /api/health with 200 and JSON', async () => {
    const { status, body } = await getJson<Health>(server, '/api/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', database: 'ok', protocolVersion: PROTOCOL_VERSION });
  });

  it('refuses a wrong enrollment secret with 401', async () => {
    const result = await post(
      server,
      '/api/agents/enroll',
      JSON.stringify({
        enrollSecret: 'wrong',
        hostname: 'PC',
        agentVersion: '1',
        protocolVersion: PROTOCOL_VERSION,
      }),
    );
    expect(result).toEqual({
      status: 401,
      body: { statusCode: 401, code: 'INVALID_ENROLL_SECRET', message: 'The enrollment secret is wrong.' },
    });
  });

  it('names the missing field of an enrollment request', async () => {
    const result = await post(
      server,
      '/api/agents/enroll',
      JSON.stringify({ enrollSecret: TEST_ENROLL_SECRET }),
    );
    expect(result.status).toBe(400);
    expect(result.body.message).toMatch(/hostname/);
    expect(result.body.issues?.map((issue) => issue.path)).toEqual([
      'hostname',
      'agentVersion',
      'protocolVersion',
    ]);
  });

  it('refuses an agent of another protocol version', async () => {
    const result = await post(
      server,
      '/api/agents/enroll',
      JSON.stringify({
        enrollSecret: TEST_ENROLL_SECRET,
        hostname: 'PC',
        agentVersion: '9',
        protocolVersion: 99,
      }),
    );
    expect(result).toMatchObject({ status: 400, body: { code: 'UNSUPPORTED_PROTOCOL_VERSION' } });
  });

  it('answers a body that is not JSON with 400 INVALID_JSON', async () => {
    const result = await post(server, '/api/agents/enroll', '{"enrollSecret": ');
    expect(result).toMatchObject({ status: 400, body: { code: 'INVALID_JSON' } });
  });

  it('answers an oversized body with 413', async () => {
    const result = await post(
      server,
      '/api/agents/enroll',
      JSON.stringify({ hostname: 'x'.repeat(2_000_000) }),
    );
    expect(result).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('answers an unknown API route with a JSON 404', async () => {
    const { status, body } = await getJson<ApiError>(server, '/api/no-such-thing');
    expect(status).toBe(404);
    expect(body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('keeps the same host when a PC enrolls again with its machine id', async () => {
    const first = await enroll(server, 'PC-REINSTALLED', { machineId: 'machine-guid-1' });
    const second = await enroll(server, 'PC-REINSTALLED', { machineId: 'machine-guid-1' });
    expect(second.agentId).toBe(first.agentId);
    expect(second.agentToken).not.toBe(first.agentToken);
  });

  it('describes the API in OpenAPI at /api/docs', async () => {
    const json = await getJson<{ paths: Record<string, unknown> }>(server, '/api/docs-json');
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/health',
        '/api/hosts',
        '/api/hosts/{id}',
        '/api/agents/enroll',
        '/api/fleet/history',
      ]),
    );
    const ui = await fetch(`${server.url}/api/docs`, { headers: adminHeaders });
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('records fleet samples and validates the history window', async () => {
    await new Promise<void>((resolve) => {
      const poll = async () => {
        const { body } = await getJson<FleetHistory>(server, '/api/fleet/history?minutes=5');
        if (body.samples.length > 0) resolve();
        else setTimeout(() => void poll(), 50);
      };
      void poll();
    });
    const { body } = await getJson<FleetHistory>(server, '/api/fleet/history?minutes=5');
    expect(body.samples[0]).toMatchObject({ total: expect.any(Number), online: 0 });

    const invalid = await getJson<ApiError>(server, '/api/fleet/history?minutes=abc');
    expect(invalid.status).toBe(400);
    expect(invalid.body.issues?.[0]?.path).toBe('minutes');
  });

  it('never writes the enrollment secret or agent tokens into its logs', async () => {
    const enrollment = await enroll(server, 'PC-SECRETS');
    const all = server.logs.join('\n');
    expect(all).not.toContain(TEST_ENROLL_SECRET);
    expect(all).not.toContain(enrollment.agentToken);
  });
});
