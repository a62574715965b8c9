/**
 * Integration: approving from Slack. A real server sends case A's alert to a Slack channel set up with the
 * app's signing secret (a local HTTP server stands in for Slack, for its incoming webhook and its
 * response_url); the message carries an "Approve fix" button of Block Kit's documented shape. Interactivity
 * requests are made and signed exactly as Slack does: a valid one from a linked approver starts the
 * remediation as that approver (audited `via: slack`); a bad signature, a stale timestamp, a replay, an
 * unknown member, a viewer, an incident without playbook and a second approval while the fix runs are each
 * refused with the right answer and audited.
 */
import type { AuditList, IncidentSummary, RolloutView } from '@fleetmedic/protocol';
import { newBatch, newServiceObservation } from '../testing/factories';
import { type FixingAgent, fixingAgent } from '../testing/fixing-agent';
import { createUser } from '../testing/sign-in';
import {
  type TestLiveSocket,
  type TestServer,
  enroll,
  getJson,
  liveSocket,
  startTestServer,
} from '../testing/test-server';
import { callApi, createChannel } from '../notifications/testing/channels-client';
import { WebhookReceiver } from '../notifications/testing/webhook-receiver';
import { blockKitProblems } from './testing/block-kit';
import {
  blockActionsPayload,
  formBody,
  postSignedSlack,
  postSlack,
  signSlack,
} from './testing/slack-requests';

const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5-fleet';
const TEAM = 'T0FLEET01';
const APPROVER_MEMBER = 'U0APPROVER';
const VIEWER_MEMBER = 'U0VIEWER1';

interface SlackButton {
  type: string;
  action_id: string;
  value?: string;
  url?: string;
  style?: string;
  confirm?: { title: { text: string }; text: { text: string } };
}

describe('approving from Slack', () => {
  let server: TestServer;
  let slack: WebhookReceiver;
  let live: TestLiveSocket;
  let incident: IncidentSummary;
  let approveButton: SlackButton;
  const agents: FixingAgent[] = [];
  let responses = 0;

  const press = (memberId: string, value = approveButton.value ?? '') => {
    responses += 1;
    return formBody(
      blockActionsPayload({
        memberId,
        teamId: TEAM,
        actionId: 'approve-fix',
        value,
        responseUrl: slack.url(`/actions/${TEAM}/${responses}/response-token-${responses}`),
      }),
    );
  };
  /** The answer posted to the response_url of the last press (awaited request by request, no sleeping). */
  const answer = async () => {
    const url = `/actions/${TEAM}/${responses}/response-token-${responses}`;
    for (let count = 1; ; count += 1) {
      await slack.waitForCount(count);
      const found = slack.received.find((request) => request.url === url);
      if (found) return found.json as { response_type: string; replace_original: boolean; text: string };
    }
  };
  const refusals = async () =>
    (await getJson<AuditList>(server, '/api/audit?action=chat.approval.refused')).body.events;

  beforeAll(async () => {
    server = await startTestServer({
      FLEETMEDIC_ALERT_ALLOW_HTTP: 'true',
      FLEETMEDIC_ALERT_ALLOWED_HOSTS: '127.0.0.1',
      FLEETMEDIC_ALERT_GROUP_WAIT_MS: '200',
      FLEETMEDIC_ALERT_GROUP_INTERVAL_MS: '300',
      FLEETMEDIC_ALERT_REPEAT_INTERVAL_MS: '0',
      FLEETMEDIC_INCIDENT_MIN_HOSTS: '1',
      FLEETMEDIC_PUBLIC_URL: 'https://fleetmedic.example',
    });
    slack = await WebhookReceiver.start({ status: 200, body: 'ok' });
    await createChannel(server, {
      type: 'slack',
      webhookUrl: slack.url('/services/T0FLEET01/B0ALERTS/webhooktoken'),
      slackSigningSecret: SIGNING_SECRET,
      filters: { knownIssues: ['spooler-rpc-internet'], minHosts: 1, tags: [] },
    });
    const approver = await createUser(server, 'slack-approver', 'approver');
    const viewer = await createUser(server, 'slack-viewer', 'viewer');
    for (const [user, member] of [
      [approver, APPROVER_MEMBER],
      [viewer, VIEWER_MEMBER],
    ] as const) {
      const linked = await callApi(server, 'POST', `/api/users/${user.id}/chat-identities`, {
        platform: 'slack',
        userId: member,
        teamId: TEAM,
      });
      if (linked.status !== 201) throw new Error(`link ${member}: ${linked.text}`);
    }
    live = await liveSocket(server);
    for (const index of [1, 2])
      agents.push(
        await fixingAgent(server, await enroll(server, `PC-SLACK-${index}`), `PC-SLACK-${index}`, 'hold'),
      );
    incident = await new Promise<IncidentSummary>((resolve) => {
      live.on(
        'incident.updated',
        (summary) => summary.target === 'Spooler' && summary.failingHostCount === 2 && resolve(summary),
      );
      void (async () => {
        for (const agent of agents) await agent.reportSpooler(true);
      })();
    });
  });

  afterAll(async () => {
    live.close();
    await Promise.all(agents.map((agent) => agent.close()));
    await server.stop();
    await slack.close();
  });

  it('sends the alert with an Approve fix button (value, confirmation) of Block Kit’s documented shape', async () => {
    const [alert] = await slack.waitForAccepted(1);
    expect(alert!.url).toBe('/services/T0FLEET01/B0ALERTS/webhooktoken');
    expect(blockKitProblems(alert!.json)).toEqual([]);
    const blocks = (alert!.json as { blocks: { type: string; elements?: SlackButton[] }[] }).blocks;
    const buttons = blocks.find((block) => block.type === 'actions')!.elements!;
    approveButton = buttons.find((button) => button.action_id === 'approve-fix')!;
    expect(approveButton).toMatchObject({ type: 'button', style: 'primary' });
    expect(approveButton.url).toBeUndefined();
    expect(JSON.parse(approveButton.value!)).toEqual({
      incidentId: incident.id,
      playbookId: 'spooler-rpc-internet',
    });
    expect(approveButton.confirm!.title.text).toBe('Approve the fix?');
    expect(approveButton.confirm!.text.text).toContain('spooler-rpc-internet');
    // one primary button per set, as Slack asks; the link button still opens the incident
    expect(buttons.find((button) => button.action_id === 'open-incident')).toMatchObject({
      url: `https://fleetmedic.example/incidents/${incident.id}`,
    });
    expect(buttons.filter((button) => button.style === 'primary')).toHaveLength(1);
  });

  it('refuses a request whose signature does not verify, and audits it', async () => {
    const body = press(APPROVER_MEMBER);
    const forged = await postSignedSlack(server, 'not-the-signing-secret', body);
    expect(forged.status).toBe(401);
    expect(JSON.parse(forged.text)).toMatchObject({ code: 'CHAT_SIGNATURE_INVALID' });
    const unsigned = await postSlack(server, body, {});
    expect(unsigned.status).toBe(401);
    // a body changed after signing
    const timestamp = Math.floor(Date.now() / 1000);
    const tampered = await postSlack(server, body.replace('U0APPROVER', 'U0ATTACKER'), {
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlack(SIGNING_SECRET, timestamp, body),
    });
    expect(tampered.status).toBe(401);
    const events = (await refusals()).filter((event) => event.detail.reason === 'bad-signature');
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ outcome: 'denied', detail: { via: 'slack' } });
    const { body: rollouts } = await getJson<{ rollouts: RolloutView[] }>(
      server,
      `/api/rollouts?incident=${incident.id}`,
    );
    expect(rollouts.rollouts).toEqual([]);
  });

  it('refuses a stale timestamp (more than five minutes old) even when signed, and audits it', async () => {
    const body = press(APPROVER_MEMBER);
    const stale = await postSignedSlack(server, SIGNING_SECRET, body, Math.floor(Date.now() / 1000) - 6 * 60);
    expect(stale.status).toBe(401);
    expect(JSON.parse(stale.text)).toMatchObject({ code: 'CHAT_REQUEST_STALE' });
    expect((await refusals()).filter((event) => event.detail.reason === 'stale-timestamp')).toHaveLength(1);
  });

  it('refuses a member no FleetMedic user is linked to, answering only them, and audits it', async () => {
    const accepted = await postSignedSlack(server, SIGNING_SECRET, press('U0STRANGER'));
    expect(accepted.status).toBe(200);
    const reply = await answer();
    expect(reply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(reply.text).toContain('not linked to a FleetMedic user');
    const [event] = (await refusals()).filter((entry) => entry.detail.reason === 'unknown-user');
    expect(event).toMatchObject({
      actor: { kind: 'anonymous', name: `slack:${TEAM}/U0STRANGER` },
      target: `incident:${incident.id}`,
    });
  });

  it('refuses a linked viewer: approving needs the approver role', async () => {
    expect((await postSignedSlack(server, SIGNING_SECRET, press(VIEWER_MEMBER))).status).toBe(200);
    const reply = await answer();
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('slack-viewer may not approve fixes');
    const [event] = (await refusals()).filter((entry) => entry.detail.reason === 'role-too-low');
    expect(event).toMatchObject({
      actor: { kind: 'user', name: 'slack-viewer' },
      detail: { via: 'slack', role: 'viewer', required: 'approver' },
    });
  });

  it('starts the remediation for a valid request from a linked approver, as that approver, audited via slack', async () => {
    const body = press(APPROVER_MEMBER);
    const timestamp = Math.floor(Date.now() / 1000);
    const accepted = await postSignedSlack(server, SIGNING_SECRET, body, timestamp);
    expect(accepted).toEqual({ status: 200, text: '' });
    const reply = await answer();
    expect(reply).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(reply.text).toContain('slack-approver approved playbook spooler-rpc-internet on 2 PCs');
    expect(reply.text).toContain(`https://fleetmedic.example/incidents/${incident.id}`);

    const { body: list } = await getJson<{ rollouts: RolloutView[] }>(
      server,
      `/api/rollouts?incident=${incident.id}`,
    );
    expect(list.rollouts).toHaveLength(1);
    const [user] = (
      await getJson<{ users: { id: string; username: string }[] }>(server, '/api/users')
    ).body.users.filter((entry) => entry.username === 'slack-approver');
    expect(list.rollouts[0]).toMatchObject({
      status: 'running',
      playbookId: 'spooler-rpc-internet',
      hostCount: 2,
      approvedBy: { userId: user!.id, username: 'slack-approver' },
    });
    // the canary is holding its job: the remediation really started on a PC
    const job = await Promise.race(agents.map((agent) => agent.nextJob()));
    expect(job.job.incidentId).toBe(incident.id);

    const approvals = (await getJson<AuditList>(server, '/api/audit?action=remediation.approved')).body
      .events;
    expect(approvals).toHaveLength(1);
    expect(approvals[0]).toMatchObject({
      outcome: 'success',
      actor: { kind: 'user', id: user!.id, name: 'slack-approver' },
      target: `incident:${incident.id}`,
      detail: { via: 'slack', playbookId: 'spooler-rpc-internet', rolloutId: list.rollouts[0]!.id },
    });

    // Slack's request replayed as it was (within the five minutes): refused, audited, nothing more started
    const replay = await postSlack(server, body, {
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': signSlack(SIGNING_SECRET, timestamp, body),
    });
    expect(replay.status).toBe(409);
    expect(JSON.parse(replay.text)).toMatchObject({ code: 'CHAT_REQUEST_REPLAYED' });
    expect((await refusals()).filter((event) => event.detail.reason === 'replayed')).toHaveLength(1);
    expect(
      (await getJson<{ rollouts: RolloutView[] }>(server, `/api/rollouts?incident=${incident.id}`)).body
        .rollouts,
    ).toHaveLength(1);
  });

  it('refuses a second approval while the fix is running, and audits it', async () => {
    expect((await postSignedSlack(server, SIGNING_SECRET, press(APPROVER_MEMBER))).status).toBe(200);
    const reply = await answer();
    expect(reply.response_type).toBe('ephemeral');
    expect(reply.text).toContain('already running');
    expect((await refusals()).filter((event) => event.detail.reason === 'rollout-running')).toHaveLength(1);
  });

  it('refuses an incident that has no playbook, and audits it', async () => {
    const other = new Promise<IncidentSummary>((resolve) =>
      live.on('incident.updated', (summary) => summary.target === 'Audiosrv' && resolve(summary)),
    );
    const ack = await agents[0]!.socket.emitWithAck(
      'observations',
      newBatch([
        newServiceObservation(agents[0]!.enrollment.agentId, {
          target: 'Audiosrv',
          status: 'failing',
          code: '0x80070005',
          codeOriginal: '5',
          facts: {
            displayName: 'Windows Audio',
            state: 'STOPPED',
            startType: 'AUTO_START',
            win32ExitCode: 5,
            serviceSpecificExitCode: 0,
            pid: null,
          },
        }),
      ]),
    );
    expect(ack.ok).toBe(true);
    const audio = await other;
    const value = JSON.stringify({ incidentId: audio.id, playbookId: null });
    expect((await postSignedSlack(server, SIGNING_SECRET, press(APPROVER_MEMBER, value))).status).toBe(200);
    const reply = await answer();
    expect(reply.text).toContain('No known fix (playbook) applies to this incident');
    const [event] = (await refusals()).filter((entry) => entry.detail.reason === 'no-playbook');
    expect(event).toMatchObject({ actor: { name: 'slack-approver' }, target: `incident:${audio.id}` });
  });

  it('acknowledges link buttons (Open the incident) without doing anything', async () => {
    const before = (await refusals()).length;
    responses += 1;
    const body = formBody(
      blockActionsPayload({
        memberId: APPROVER_MEMBER,
        teamId: TEAM,
        actionId: 'open-incident',
        value: '',
        responseUrl: slack.url('/actions/link'),
      }),
    );
    expect(await postSignedSlack(server, SIGNING_SECRET, body)).toEqual({ status: 200, text: '' });
    expect((await refusals()).length).toBe(before);
  });
});
