import { PROTOCOL_VERSION } from '@fleetmedic/protocol/constants';
import { AgentsTestServer, findFreePort } from '../testing/agents-test-server';
import { EnrollmentError, describeEnrollmentResponseProblem, enroll } from './enrollment';

describe('enroll', () => {
  let server: AgentsTestServer;

  beforeAll(async () => {
    server = await AgentsTestServer.start({ enrollSecret: 'right-secret' });
  });

  afterAll(async () => {
    await server.close();
  });

  it('gets an agent id, a token and the server key to pin for the right secret', async () => {
    const enrolled = await enroll({
      serverUrl: server.url,
      enrollSecret: 'right-secret',
      hostname: 'SIM-PC-001',
    });
    expect(enrolled).toEqual({
      agentId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      agentToken: expect.stringMatching(/^.{32,}$/),
      protocolVersion: PROTOCOL_VERSION,
      serverPublicKey: server.signingKeys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    expect(server.agents.get(enrolled.agentId)).toBe(enrolled.agentToken);
  });

  it('refuses an answer without a key to pin, naming it', () => {
    const answer = {
      agentId: '0196f3a0-5a4e-7c1e-9b1a-3f0c2d4e5f60',
      agentToken: 'a'.repeat(43),
      protocolVersion: 1,
    };
    expect(describeEnrollmentResponseProblem(answer)).toBe('serverPublicKey must be a PEM public key');
    expect(describeEnrollmentResponseProblem({ ...answer, serverPublicKey: 'ssh-ed25519 AAAA' })).toBe(
      'serverPublicKey must be a PEM public key',
    );
  });

  it('keeps the same agent id when the same machine enrolls again', async () => {
    const options = {
      serverUrl: `${server.url}/`,
      enrollSecret: 'right-secret',
      hostname: 'PC',
      machineId: 'guid-1',
    };
    const first = await enroll(options);
    const second = await enroll(options);
    expect(second.agentId).toBe(first.agentId);
    expect(second.agentToken).not.toBe(first.agentToken);
  });

  it('says the secret is wrong on 401', async () => {
    const attempt = enroll({ serverUrl: server.url, enrollSecret: 'wrong', hostname: 'PC' });
    await expect(attempt).rejects.toThrow(EnrollmentError);
    await expect(
      enroll({ serverUrl: server.url, enrollSecret: 'wrong', hostname: 'PC' }),
    ).rejects.toMatchObject({
      failure: 'WRONG_SECRET',
      status: 401,
      message: expect.stringContaining('the server refused the enrollment secret: check --enroll-secret'),
    });
  });

  it("shows the server's own message on 400", async () => {
    await expect(
      enroll({ serverUrl: server.url, enrollSecret: 'right-secret', hostname: '' }),
    ).rejects.toMatchObject({
      failure: 'REJECTED',
      status: 400,
      message: expect.stringMatching(/^the server rejected the enrollment \(HTTP 400\): hostname: /),
    });
  });

  it('says the server cannot be reached, and what to check', async () => {
    const port = await findFreePort();
    await expect(
      enroll({ serverUrl: `http://127.0.0.1:${port}`, enrollSecret: 's', hostname: 'PC' }),
    ).rejects.toMatchObject({
      failure: 'UNREACHABLE',
      message: `cannot reach the FleetMedic server at http://127.0.0.1:${port}/api/agents/enroll (ECONNREFUSED): check --server and that the server is running`,
    });
  });

  it('refuses a server URL that is not one before sending anything', async () => {
    await expect(enroll({ serverUrl: 'fleetmedic:3000', enrollSecret: 's', hostname: 'PC' })).rejects.toThrow(
      '"fleetmedic:3000" is not an http(s) URL',
    );
  });
});
