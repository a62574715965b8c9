/**
 * Integration: refused chat callbacks are public, so one address cannot grow the audit log without bound.
 * Each address gets a minute's budget of recorded refusals; past it, requests are still refused, and one log
 * line says the rest go unrecorded.
 */
import type { AuditList } from '@fleetmedic/protocol';
import { type TestServer, getJson, startTestServer } from '../testing/test-server';
import { ChatApprovalsService } from './chat-approvals.service';
import { blockActionsPayload, formBody, postSignedSlack } from './testing/slack-requests';

describe('refused chat approvals from one address', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });

  afterAll(async () => {
    await server.stop();
  });

  it('are all refused, but recorded only up to the per-minute budget, with one line saying so', async () => {
    const budget = ChatApprovalsService.RECORDED_REFUSALS_PER_MINUTE;
    const body = formBody(
      blockActionsPayload({
        memberId: 'U0FORGER',
        teamId: 'T0FORGED',
        actionId: 'approve-fix',
        value: 'forged',
        responseUrl: 'https://hooks.slack.com/actions/T0FORGED/1/forged',
      }),
    );
    const answers = [];
    for (let attempt = 0; attempt < budget + 10; attempt += 1)
      answers.push((await postSignedSlack(server, 'a-secret-no-channel-has', body)).status);
    expect(new Set(answers)).toEqual(new Set([401]));

    const { body: audit } = await getJson<AuditList>(
      server,
      '/api/audit?action=chat.approval.refused&limit=200',
    );
    expect(audit.events).toHaveLength(budget);
    expect(server.logs.filter((line) => line.includes('further refusals from'))).toHaveLength(1);
  });
});
