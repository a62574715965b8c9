/**
 * Integration: a server restart loses no message. A message the receiver could not take yet, and news still
 * waiting out its group wait when the server stops, both arrive after it starts again on the same SQLite
 * file, each exactly once.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IncidentSummary, NotificationDeliveryList } from '@fleetmedic/protocol';
import { newBatch } from '../testing/factories';
import { type TestServer, liveSocket, startTestServer } from '../testing/test-server';
import { CaseAFleet, spoolerObservation } from './testing/case-a-fleet';
import { callApi, createChannel } from './testing/channels-client';
import { WebhookReceiver } from './testing/webhook-receiver';

const ENV = {
  FLEETMEDIC_ALERT_ALLOW_HTTP: 'true',
  FLEETMEDIC_ALERT_ALLOWED_HOSTS: '127.0.0.1',
  FLEETMEDIC_ALERT_GROUP_WAIT_MS: '1500',
  FLEETMEDIC_ALERT_RETRY_BASE_MS: '100',
  FLEETMEDIC_ALERT_RETRY_MAX_MS: '200',
  FLEETMEDIC_INCIDENT_MIN_HOSTS: '1',
};

describe('outbox across a restart', () => {
  let dir: string;
  let receiver: WebhookReceiver;
  let server: TestServer | undefined;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fleetmedic-outbox-'));
    receiver = await WebhookReceiver.start({ status: 503, body: 'down for maintenance' });
  });

  afterAll(async () => {
    await server?.stop();
    await receiver.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('delivers after the restart what was pending or still grouping when the server stopped', async () => {
    server = await startTestServer(ENV, dir);
    const channel = await createChannel(server, {
      type: 'webhook',
      webhookUrl: receiver.url('/restart'),
      signingSecret: 'restart-spec-secret',
    });
    const fleet = await CaseAFleet.start(server, { hosts: 4, affected: 2, prefix: 'RST' });
    const live = await liveSocket(server);
    const incidents: IncidentSummary[] = [];
    live.on('incident.updated', (incident) => incidents.push(incident));

    // Incident A: told once its group wait is over, but the receiver is down.
    await fleet.report(0, true);
    await fleet.report(1, true);
    await receiver.waitForCount(2);
    expect(receiver.received.every((request) => request.answered === 503)).toBe(true);

    // Incident B (another service failing the same way) opens, and the server stops within its group wait.
    const openedB = new Promise<IncidentSummary>((resolve) =>
      live.on('incident.updated', (incident) => incident.target === 'BITS' && resolve(incident)),
    );
    const agent = fleet.agents[2]!;
    const ack = await agent.socket.emitWithAck(
      'observations',
      newBatch([{ ...spoolerObservation(agent.id, true), target: 'BITS' }]),
    );
    expect(ack.ok).toBe(true);
    const incidentB = await openedB;
    live.close();
    fleet.close();
    await server.stop();
    const incidentA = incidents.find((incident) => incident.target === 'Spooler')!;
    const attemptsBefore = receiver.received.length;
    // B's news was still waiting out its group wait: nothing about it had been sent
    expect(receiver.received.some((request) => request.body.includes(incidentB.id))).toBe(false);

    receiver.answerAlways({ status: 204 });
    server = await startTestServer(ENV, dir);
    await receiver.waitForAccepted(2);

    const accepted = receiver
      .accepted()
      .map((request) => request.json as { kind: string; incident: { id: string } });
    expect(accepted.map((body) => [body.kind, body.incident.id]).sort()).toEqual(
      [
        ['opened', incidentA.id],
        ['opened', incidentB.id],
      ].sort(),
    );
    expect(receiver.received.length).toBeGreaterThan(attemptsBefore);
    for (const incident of [incidentA, incidentB]) {
      const answer = await callApi(server, 'GET', `/api/incidents/${incident.id}/notifications`);
      expect((answer.json as NotificationDeliveryList).deliveries).toEqual([
        expect.objectContaining({ channelId: channel.id, kind: 'opened', status: 'delivered' }),
      ]);
    }
  }, 30_000);
});
