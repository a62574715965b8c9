/**
 * Integration: chat identities over REST. Admins link a Slack member or a Feishu user to a FleetMedic user
 * and unlink it, each audited; one chat account acts as one user only; everyone sees their own links and
 * nobody else's; the links go when the user goes.
 */
import type { AuditList, ChatIdentity, ChatIdentityList } from '@fleetmedic/protocol';
import { type SignedIn, signedIn } from '../testing/sign-in';
import { type TestServer, getJson, startTestServer } from '../testing/test-server';
import { callApi } from '../notifications/testing/channels-client';

describe('chat identities', () => {
  let server: TestServer;
  let approver: SignedIn;
  let viewer: SignedIn;

  beforeAll(async () => {
    server = await startTestServer();
    approver = await signedIn(server, 'approver', 'ident-approver');
    viewer = await signedIn(server, 'viewer', 'ident-viewer');
  });

  afterAll(() => server.stop());

  const route = (userId: string) => `/api/users/${userId}/chat-identities`;

  it('links a Slack member and a Feishu user to a user, lists them, and audits it', async () => {
    const slack = await callApi(server, 'POST', route(approver.user.id), {
      platform: 'slack',
      userId: 'U0123ABCD',
      teamId: 'T0123ABCD',
    });
    expect(slack.status).toBe(201);
    expect(slack.json).toMatchObject({
      userId: approver.user.id,
      username: 'ident-approver',
      platform: 'slack',
      externalId: 'U0123ABCD',
      teamId: 'T0123ABCD',
      unionId: null,
    });
    const feishu = await callApi(server, 'POST', route(approver.user.id), {
      platform: 'feishu',
      openId: 'ou_7d8a6e6df7621556ce0d21922b676706',
      unionId: 'on_8ed6aa67826108097d9ee143816345',
    });
    expect(feishu.status).toBe(201);
    const { body } = await getJson<ChatIdentityList>(server, route(approver.user.id));
    expect(body.identities.map((identity) => identity.platform)).toEqual(['feishu', 'slack']);
    const events = (await getJson<AuditList>(server, '/api/audit?action=chat_identity.linked')).body.events;
    expect(events).toHaveLength(2);
    expect(events.find((event) => event.detail.platform === 'slack')).toMatchObject({
      outcome: 'success',
      actor: { kind: 'user', name: 'admin' },
      target: `user:${approver.user.id}`,
      detail: { username: 'ident-approver', slackUserId: 'U0123ABCD', slackTeamId: 'T0123ABCD' },
    });
  });

  it('refuses a chat account linked to someone else already, and a malformed one, naming the field', async () => {
    const taken = await callApi(server, 'POST', route(viewer.user.id), {
      platform: 'slack',
      userId: 'U0123ABCD',
      teamId: 'T0123ABCD',
    });
    expect(taken.status).toBe(409);
    expect(taken.json).toMatchObject({ code: 'CHAT_IDENTITY_TAKEN' });
    expect((taken.json as { message: string }).message).toContain('ident-approver');
    // the same member id in another workspace is another account
    expect(
      (
        await callApi(server, 'POST', route(viewer.user.id), {
          platform: 'slack',
          userId: 'U0123ABCD',
          teamId: 'T0OTHER1',
        })
      ).status,
    ).toBe(201);
    const bad = await callApi(server, 'POST', route(viewer.user.id), { platform: 'slack', userId: 'alice' });
    expect(bad.status).toBe(400);
    expect((bad.json as { issues: { path: string }[] }).issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['userId', 'teamId']),
    );
    expect(
      (await callApi(server, 'POST', route(viewer.user.id), { platform: 'teams', userId: 'x' })).status,
    ).toBe(400);
    expect(
      (
        await callApi(server, 'POST', route('0190f3c2-7a1b-7c3d-8e4f-a1b2c3d4e5f6'), {
          platform: 'slack',
          userId: 'U0999ABCD',
          teamId: 'T0123ABCD',
        })
      ).status,
    ).toBe(404);
  });

  it('lets each user see their own links, and only admins see or change anyone’s', async () => {
    const mine = await getJson<ChatIdentityList>(server, '/api/auth/me/chat-identities', {
      authorization: `Bearer ${approver.token}`,
    });
    expect(mine.status).toBe(200);
    expect(mine.body.identities).toHaveLength(2);
    expect(mine.body.identities.every((identity) => identity.userId === approver.user.id)).toBe(true);
    const asApprover = { authorization: `Bearer ${approver.token}` };
    expect((await getJson(server, route(viewer.user.id), asApprover)).status).toBe(403);
    expect(
      (
        await callApi(
          server,
          'POST',
          route(approver.user.id),
          { platform: 'slack', userId: 'U0SELF001', teamId: 'T0123ABCD' },
          asApprover,
        )
      ).status,
    ).toBe(403);
  });

  it('unlinks, audited, and a deleted user’s links go with them', async () => {
    const { body } = await getJson<ChatIdentityList>(server, route(approver.user.id));
    const slack = body.identities.find((identity) => identity.platform === 'slack') as ChatIdentity;
    expect((await callApi(server, 'DELETE', `${route(approver.user.id)}/${slack.id}`)).status).toBe(204);
    expect((await callApi(server, 'DELETE', `${route(approver.user.id)}/${slack.id}`)).status).toBe(404);
    const [event] = (await getJson<AuditList>(server, '/api/audit?action=chat_identity.unlinked')).body
      .events;
    expect(event).toMatchObject({ target: `user:${approver.user.id}`, detail: { identityId: slack.id } });

    expect((await callApi(server, 'DELETE', `/api/users/${viewer.user.id}`)).status).toBe(204);
    // the workspace-T0OTHER1 member was the viewer's: free again
    expect(
      (
        await callApi(server, 'POST', route(approver.user.id), {
          platform: 'slack',
          userId: 'U0123ABCD',
          teamId: 'T0OTHER1',
        })
      ).status,
    ).toBe(201);
  });
});
