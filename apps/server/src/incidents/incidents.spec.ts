/** Integration: agents over real socket.io report the same failure; one incident opens, grows and resolves. */
import {
  type Ack,
  type ApiError,
  type BatchAck,
  type IncidentDetail,
  type IncidentList,
  type IncidentSummary,
  type Observation,
} from '@fleetmedic/protocol';
import { newBatch, newHostFacts, newServiceObservation, uuidv7 } from '../testing/factories';
import {
  type TestAgentSocket,
  type TestServer,
  adminHeaders,
  connectAgent,
  enroll,
  getJson,
  liveSocket,
  startTestServer,
} from '../testing/test-server';

const RPC_INTERNET = 'HKLM\\Software\\Microsoft\\Rpc\\Internet';

function spooler(hostId: string, failing: boolean): Observation {
  return newServiceObservation(hostId, {
    id: uuidv7(),
    status: failing ? 'failing' : 'ok',
    code: failing ? '0x80070057' : null,
    codeOriginal: failing ? '87' : null,
    facts: failing
      ? {
          displayName: 'Print Spooler',
          state: 'STOPPED',
          startType: 'AUTO_START',
          win32ExitCode: 87,
          serviceSpecificExitCode: 0,
          pid: null,
        }
      : {
          displayName: 'Print Spooler',
          state: 'RUNNING',
          startType: 'AUTO_START',
          win32ExitCode: 0,
          serviceSpecificExitCode: 0,
          pid: 4242,
        },
    evidence: failing ? ['The Print Spooler service terminated with the following error: %%87'] : [],
  });
}

describe('incidents', () => {
  let server: TestServer;
  const agents: { id: string; socket: TestAgentSocket }[] = [];

  beforeAll(async () => {
    server = await startTestServer({
      FLEETMEDIC_INCIDENT_SETTLE_MS: '300',
      FLEETMEDIC_INCIDENT_MIN_HOSTS: '2',
      FLEETMEDIC_INCIDENT_MIN_HOSTS_KNOWN_ISSUE: '2',
    });
    for (let i = 0; i < 12; i += 1) {
      const enrollment = await enroll(server, `PC-${i}`);
      const socket = await connectAgent(server, enrollment);
      const affected = i < 3;
      await socket.emitWithAck('hello', {
        agentVersion: '0.1.0-test',
        facts: newHostFacts({
          hostname: `PC-${i}`,
          watchedRegistryKeys: affected
            ? { [RPC_INTERNET]: { present: true, values: { Ports: '5000-5100' } } }
            : { [RPC_INTERNET]: { present: false } },
        }),
        sentAt: new Date().toISOString(),
      });
      agents.push({ id: enrollment.agentId, socket });
    }
  });

  afterAll(async () => {
    for (const agent of agents) agent.socket.close();
    await server.stop();
  });

  const report = async (index: number, failing: boolean) => {
    const agent = agents[index]!;
    const ack: Ack<BatchAck> = await agent.socket.emitWithAck(
      'observations',
      newBatch([spooler(agent.id, failing)]),
    );
    expect(ack.ok).toBe(true);
  };

  it('opens one incident for the same failure on two hosts, pushes it live, and grows it', async () => {
    const live = await liveSocket(server);
    const updates: IncidentSummary[] = [];
    live.on('incident.updated', (incident) => updates.push(incident));
    const opened = new Promise<IncidentSummary>((resolve) =>
      live.on('incident.updated', (incident) => incident.hostCount === 2 && resolve(incident)),
    );
    await report(0, true);
    await report(1, true);
    await expect(opened).resolves.toMatchObject({
      fingerprint: 'service:spooler:0x80070057',
      target: 'Spooler',
      status: 'open',
      symbol: 'E_INVALIDARG',
      knownIssue: { id: 'spooler-rpc-internet', confirmed: true },
    });
    const grown = new Promise<IncidentSummary>((resolve) =>
      live.on('incident.updated', (incident) => incident.hostCount === 3 && resolve(incident)),
    );
    await report(2, true);
    await report(2, true); // the same host again: it does not count twice
    await expect(grown).resolves.toMatchObject({ failingHostCount: 3 });
    live.close();

    const { body } = await getJson<IncidentList>(server, '/api/incidents');
    expect(body.incidents).toHaveLength(1);
    expect(body.incidents[0]).toMatchObject({ hostCount: 3 });
  });

  it('shows the incident decoded, its hosts, what they share and the known issue', async () => {
    const [incident] = (await getJson<IncidentList>(server, '/api/incidents')).body.incidents;
    const { status, body } = await getJson<IncidentDetail>(server, `/api/incidents/${incident!.id}`);
    expect(status).toBe(200);
    expect(body.decoded).toMatchObject({ code: '0x80070057', symbol: 'E_INVALIDARG', win32: 87 });
    expect(body.decoded?.symbols).toContain('ERROR_INVALID_PARAMETER');
    expect(body.hosts.map((host) => host.hostname).sort()).toEqual(['PC-0', 'PC-1', 'PC-2']);
    expect(body.commonFactors[0]).toMatchObject({
      kind: 'registry-key',
      affected: { count: 3, total: 3 },
      healthy: { count: 0, total: 9 },
    });
    expect(body.knownIssues[0]).toMatchObject({
      id: 'spooler-rpc-internet',
      confirmedOnHosts: 3,
      playbook: 'spooler-rpc-internet',
    });
    expect(body.timeline.map((event) => event.kind)).toEqual(['opened', 'host-joined']);
  });

  it('acknowledges once', async () => {
    const [incident] = (await getJson<IncidentList>(server, '/api/incidents')).body.incidents;
    const post = async () => {
      const response = await fetch(`${server.url}/api/incidents/${incident!.id}/ack`, {
        method: 'POST',
        headers: adminHeaders,
      });
      expect(response.status).toBe(200);
      return (await response.json()) as IncidentSummary;
    };
    const first = await post();
    expect(first.acknowledgedAt).toEqual(expect.any(String));
    const second = await post();
    expect(second.acknowledgedAt).toBe(first.acknowledgedAt);
  });

  it('resolves on its own once every host has recovered and settled', async () => {
    const live = await liveSocket(server);
    const resolved = new Promise<IncidentSummary>((resolve) =>
      live.on('incident.updated', (incident) => incident.status === 'resolved' && resolve(incident)),
    );
    for (const index of [0, 1, 2]) await report(index, false);
    await expect(resolved).resolves.toMatchObject({ failingHostCount: 0, hostCount: 3 });
    live.close();
    expect((await getJson<IncidentList>(server, '/api/incidents?status=open')).body.incidents).toEqual([]);
    expect(
      (await getJson<IncidentList>(server, '/api/incidents?status=resolved')).body.incidents,
    ).toHaveLength(1);
  });

  it('answers an unknown incident with 404 and a bad status with 400 naming the parameter', async () => {
    const missing = await getJson<ApiError>(server, `/api/incidents/${uuidv7()}`);
    expect(missing).toMatchObject({
      status: 404,
      body: { code: 'INCIDENT_NOT_FOUND', message: expect.stringContaining('No incident') },
    });
    const bad = await getJson<ApiError>(server, '/api/incidents?status=closed');
    expect(bad.status).toBe(400);
    expect(bad.body.issues?.[0]?.path).toBe('status');
    expect(bad.body.message).toContain('status must be open, resolved or all');
    const badId = await getJson<ApiError>(server, '/api/incidents/123');
    expect(badId).toMatchObject({ status: 400, body: { issues: [{ path: 'id' }] } });
  });
});
