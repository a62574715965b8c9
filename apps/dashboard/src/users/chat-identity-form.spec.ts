import { describe, expect, it } from '@jest/globals';
import type { ChatIdentity } from '@fleetmedic/protocol';
import { accountOf, linkRequestOf, newChatIdentityForm, placeChatIssues } from './chat-identity-form';

describe('linking a chat account', () => {
  it('sends a Slack member and its workspace, trimmed as copied', () => {
    expect(
      linkRequestOf({
        ...newChatIdentityForm('slack'),
        slackUserId: ' U0123ABCD\n',
        slackTeamId: 'T0123ABCD ',
      }),
    ).toEqual({ ok: true, request: { platform: 'slack', userId: 'U0123ABCD', teamId: 'T0123ABCD' } });
  });

  it('sends a Feishu open_id, and only the fields of the chosen platform', () => {
    expect(
      linkRequestOf({
        ...newChatIdentityForm('feishu'),
        slackUserId: 'U0123ABCD',
        feishuOpenId: 'ou_7d8a6e6df7621556ce0d21922b676706',
      }),
    ).toEqual({ ok: true, request: { platform: 'feishu', openId: 'ou_7d8a6e6df7621556ce0d21922b676706' } });
  });

  it('names the fields that are not ids of the platform', () => {
    expect(
      linkRequestOf({ ...newChatIdentityForm('slack'), slackUserId: 'alice', slackTeamId: 'T0123ABCD' }),
    ).toEqual({ ok: false, problems: ['slackUserId'] });
    expect(linkRequestOf(newChatIdentityForm('slack'))).toEqual({
      ok: false,
      problems: ['slackUserId', 'slackTeamId'],
    });
    expect(
      linkRequestOf({ ...newChatIdentityForm('feishu'), feishuOpenId: 'on_8ed6aa67826108097d9ee1' }),
    ).toEqual({
      ok: false,
      problems: ['feishuOpenId'],
    });
  });
});

describe("the API's answers", () => {
  it('puts 400 issues beside their fields and keeps the rest for the banner', () => {
    expect(
      placeChatIssues('slack', [
        { path: 'teamId', message: 'expected the Slack workspace (team) ID, e.g. T0123ABCD' },
        { path: 'platform', message: 'expected platform to be one of slack, feishu' },
      ]),
    ).toEqual({
      byField: { slackTeamId: ['expected the Slack workspace (team) ID, e.g. T0123ABCD'] },
      unplaced: [{ path: 'platform', message: 'expected platform to be one of slack, feishu' }],
    });
    expect(
      placeChatIssues('feishu', [{ path: 'openId', message: 'expected the Feishu open_id' }]).byField,
    ).toEqual({
      feishuOpenId: ['expected the Feishu open_id'],
    });
  });

  it('shows a Slack account with its workspace and a Feishu one with its union_id', () => {
    const base = {
      id: '0190f3c2-7a1b-7c3d-8e4f-a1b2c3d4e5f6',
      userId: '0190f3c2-7a1b-7c3d-8e4f-a1b2c3d4e5f7',
      username: 'alice',
      createdAt: '2026-12-01T08:00:00.000Z',
    };
    const slack: ChatIdentity = {
      ...base,
      platform: 'slack',
      externalId: 'U0123ABCD',
      teamId: 'T0123ABCD',
      unionId: null,
    };
    const feishu: ChatIdentity = {
      ...base,
      platform: 'feishu',
      externalId: 'ou_7d8a6e6df7621556ce0d21922b676706',
      teamId: null,
      unionId: 'on_8ed6aa67826108097d9ee143816345',
    };
    expect(accountOf(slack)).toBe('U0123ABCD @ T0123ABCD');
    expect(accountOf(feishu)).toBe('ou_7d8a6e6df7621556ce0d21922b676706 (on_8ed6aa67826108097d9ee143816345)');
  });
});
