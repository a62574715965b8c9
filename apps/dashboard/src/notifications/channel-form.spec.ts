import { describe, expect, it } from '@jest/globals';
import { type Channel, createChannelRequestSchema, updateChannelRequestSchema } from '@fleetmedic/protocol';
import {
  type ChannelForm,
  createRequestOf,
  fieldOfIssuePath,
  formOfChannel,
  newChannelForm,
  placeIssues,
  updateRequestOf,
} from './channel-form';

const form = (overrides: Partial<ChannelForm>): ChannelForm => ({ ...newChannelForm(), ...overrides });

/** A DingTalk channel as the API reads it back: where it sends, that a secret is set, never the secret. */
function storedChannel(overrides: Partial<Channel> = {}): Channel {
  // Only the fields the form reads; whatever else a channel carries does not matter here.
  return Object.assign(
    {} as Channel,
    {
      id: '0190f3c2-7a1b-7c3d-8e4f-a1b2c3d4e5f6',
      name: '运维群',
      type: 'dingtalk',
      language: 'zh-CN',
      enabled: true,
      webhook: { configured: true, origin: 'https://oapi.dingtalk.com' },
      signing: { enabled: true, secretConfigured: true },
      approval: { mode: 'link', slackSigningSecretConfigured: false, feishuApp: null },
      filters: { knownIssues: ['spooler-rpc-internet'], minHosts: 3, tags: ['floor-3', 'kiosk'] },
      ratePerMinute: 20,
      ratePerMinuteIsDefault: true,
      createdAt: '2026-11-22T08:00:00.000Z',
      updatedAt: '2026-11-22T08:00:00.000Z',
      deliveries: { pending: 0, delivered: 4, dead: 1, lastDeliveredAt: null, lastError: null },
    },
    overrides,
  );
}

describe('adding a channel', () => {
  it('sends a signed generic webhook with its secret, language, filters and rate, as the API accepts it', () => {
    const result = createRequestOf(
      form({
        name: '  Ops relay ',
        webhookUrl: ' https://relay.corp.example/fleetmedic \n',
        language: 'zh-CN',
        signingSecret: 'a-shared-secret-0123\n',
        knownIssues: ['spooler-rpc-internet'],
        minHosts: 3,
        tags: 'floor-3， kiosk kiosk',
        ratePerMinute: 30,
      }),
    );
    expect(result).toEqual({
      ok: true,
      request: {
        name: 'Ops relay',
        type: 'webhook',
        webhookUrl: 'https://relay.corp.example/fleetmedic',
        language: 'zh-CN',
        enabled: true,
        signing: true,
        signingSecret: 'a-shared-secret-0123',
        filters: { knownIssues: ['spooler-rpc-internet'], minHosts: 3, tags: ['floor-3', 'kiosk'] },
        ratePerMinute: 30,
      },
    });
    expect(result.ok && createChannelRequestSchema.safeParse(result.request).success).toBe(true);
  });

  it('never sends signing for the platforms whose URL is the credential, nor a secret while signing is off', () => {
    const slack = createRequestOf(
      form({
        type: 'slack',
        name: 'ops',
        webhookUrl: 'https://hooks.slack.com/services/T0/B0/x',
        signing: true,
        signingSecret: 'typed-then-switched',
      }),
    );
    expect(slack.ok && slack.request).not.toHaveProperty('signing');
    expect(slack.ok && slack.request).not.toHaveProperty('signingSecret');

    const unsigned = createRequestOf(
      form({
        name: 'relay',
        webhookUrl: 'https://relay.example/x',
        signing: false,
        signingSecret: 'abcdefgh',
      }),
    );
    expect(unsigned.ok && unsigned.request).toMatchObject({ signing: false });
    expect(unsigned.ok && unsigned.request).not.toHaveProperty('signingSecret');
    // The platform's default rate unless one is given.
    expect(unsigned.ok && unsigned.request).not.toHaveProperty('ratePerMinute');
  });

  it('points at every field that is wrong at once, and sends nothing', () => {
    expect(
      createRequestOf(
        form({
          name: ' ',
          webhookUrl: 'ftp://relay.example/x',
          signingSecret: 'short',
          minHosts: 0,
          tags: Array.from({ length: 51 }, (_, n) => `t${n}`).join(','),
          ratePerMinute: 601,
        }),
      ),
    ).toEqual({
      ok: false,
      problems: {
        name: 'name',
        webhookUrl: 'webhookUrl',
        signingSecret: 'signingSecret',
        minHosts: 'minHosts',
        tags: 'tags',
        ratePerMinute: 'ratePerMinute',
      },
    });
    expect(createRequestOf(form({ name: 'relay', minHosts: '' }))).toEqual({
      ok: false,
      problems: {
        webhookUrl: 'webhookUrlRequired',
        signingSecret: 'signingSecretRequired',
        minHosts: 'minHosts',
      },
    });
  });
});

describe('changing a channel', () => {
  it('starts with everything as stored but the URL and the secret, which are empty and kept', () => {
    const channel = storedChannel();
    const edited = formOfChannel(channel);
    expect(edited).toMatchObject({
      name: '运维群',
      type: 'dingtalk',
      webhookUrl: '',
      signing: true,
      signingSecret: '',
      minHosts: 3,
      tags: 'floor-3, kiosk',
      ratePerMinute: '',
    });
    expect(updateRequestOf(edited, channel)).toEqual({ ok: true, request: null });
  });

  it('sends only what changed; a typed URL or secret replaces the stored one', () => {
    const channel = storedChannel();
    const result = updateRequestOf(
      {
        ...formOfChannel(channel),
        enabled: false,
        webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=new',
        signingSecret: 'SECnew-secret-value',
        tags: 'kiosk, floor-3',
        minHosts: 5,
      },
      channel,
    );
    expect(result).toEqual({
      ok: true,
      request: {
        enabled: false,
        webhookUrl: 'https://oapi.dingtalk.com/robot/send?access_token=new',
        signingSecret: 'SECnew-secret-value',
        filters: { minHosts: 5 },
      },
    });
    expect(result.ok && updateChannelRequestSchema.safeParse(result.request).success).toBe(true);
  });

  it('turns signing off without asking for the secret, and on again only with one when none is stored', () => {
    const channel = storedChannel();
    expect(updateRequestOf({ ...formOfChannel(channel), signing: false }, channel)).toEqual({
      ok: true,
      request: { signing: false },
    });
    const unsigned = storedChannel({ signing: { enabled: false, secretConfigured: false } });
    expect(updateRequestOf({ ...formOfChannel(unsigned), signing: true }, unsigned)).toEqual({
      ok: false,
      problems: { signingSecret: 'signingSecretRequired' },
    });
    expect(
      updateRequestOf(
        { ...formOfChannel(unsigned), signing: true, signingSecret: 'SEC0123456789' },
        unsigned,
      ),
    ).toEqual({ ok: true, request: { signing: true, signingSecret: 'SEC0123456789' } });
  });

  it('sets a rate, and empties it back to the platform default with null', () => {
    const channel = storedChannel();
    expect(updateRequestOf({ ...formOfChannel(channel), ratePerMinute: 10 }, channel)).toEqual({
      ok: true,
      request: { ratePerMinute: 10 },
    });
    const limited = storedChannel({ ratePerMinute: 10, ratePerMinuteIsDefault: false });
    expect(formOfChannel(limited).ratePerMinute).toBe(10);
    expect(updateRequestOf({ ...formOfChannel(limited), ratePerMinute: '' }, limited)).toEqual({
      ok: true,
      request: { ratePerMinute: null },
    });
  });

  it('replaces the known issues when they differ, whatever their order', () => {
    const channel = storedChannel({
      filters: { knownIssues: ['a', 'b'], minHosts: 1, tags: [] },
    });
    expect(updateRequestOf({ ...formOfChannel(channel), knownIssues: ['b', 'a'] }, channel)).toEqual({
      ok: true,
      request: null,
    });
    expect(updateRequestOf({ ...formOfChannel(channel), knownIssues: [] }, channel)).toEqual({
      ok: true,
      request: { filters: { knownIssues: [] } },
    });
  });
});

const SLACK_URL = 'https://hooks.slack.com/services/T000/B000/XXXXXXXX';
const FEISHU_SEND_URL = 'https://open.feishu.cn/open-apis/im/v1/messages?receive_id_type=chat_id';
const feishuBot = {
  signing: false,
  feishuAppBot: true,
  feishuAppId: 'cli_a1b2c3d4e5f6',
  feishuChatId: 'oc_a0553eda9014c201e6969b478895c230',
  feishuAppSecret: 'app-secret-value\n',
  feishuVerificationToken: 'verification-token',
  feishuEncryptKey: 'encrypt-key',
};

describe('the Approve fix button', () => {
  it("adds a Slack channel with the app's signing secret, and without it when the button is off", () => {
    const withButton = createRequestOf(
      form({
        name: 'ops',
        type: 'slack',
        webhookUrl: SLACK_URL,
        slackApproveButton: true,
        slackSigningSecret: ' 8f742231b10e8888abcd99yyyzzz85a5 ',
      }),
    );
    expect(withButton.ok && withButton.request.slackSigningSecret).toBe('8f742231b10e8888abcd99yyyzzz85a5');
    expect(withButton.ok && createChannelRequestSchema.safeParse(withButton.request).success).toBe(true);

    const without = createRequestOf(
      form({ name: 'ops', type: 'slack', webhookUrl: SLACK_URL, slackSigningSecret: 'typed-then-off' }),
    );
    expect(without.ok && without.request).not.toHaveProperty('slackSigningSecret');
  });

  it('asks for the Slack signing secret unless one is stored, and checks its length', () => {
    const slack = { name: 'ops', type: 'slack' as const, webhookUrl: SLACK_URL, slackApproveButton: true };
    expect(createRequestOf(form(slack))).toEqual({
      ok: false,
      problems: { slackSigningSecret: 'slackSigningSecretRequired' },
    });
    expect(createRequestOf(form({ ...slack, slackSigningSecret: 'short' }))).toEqual({
      ok: false,
      problems: { slackSigningSecret: 'slackSigningSecret' },
    });

    const stored = storedChannel({
      type: 'slack',
      signing: { enabled: false, secretConfigured: false },
      approval: { mode: 'button', slackSigningSecretConfigured: true, feishuApp: null },
    });
    const kept = formOfChannel(stored);
    expect(kept.slackApproveButton).toBe(true);
    expect(kept.slackSigningSecret).toBe('');
    expect(updateRequestOf(kept, stored)).toEqual({ ok: true, request: null });
    expect(updateRequestOf({ ...kept, slackSigningSecret: 'new-signing-secret' }, stored)).toEqual({
      ok: true,
      request: { slackSigningSecret: 'new-signing-secret' },
    });
    const removed = updateRequestOf({ ...kept, slackApproveButton: false }, stored);
    expect(removed).toEqual({ ok: true, request: { slackSigningSecret: null } });
    expect(removed.ok && updateChannelRequestSchema.safeParse(removed.request).success).toBe(true);
  });

  it('adds a Feishu app bot with all its settings, as the API accepts it', () => {
    const result = createRequestOf(
      form({ name: '运维群', type: 'feishu', webhookUrl: FEISHU_SEND_URL, ...feishuBot }),
    );
    expect(result.ok && result.request.feishuApp).toEqual({
      appId: 'cli_a1b2c3d4e5f6',
      appSecret: 'app-secret-value',
      chatId: 'oc_a0553eda9014c201e6969b478895c230',
      verificationToken: 'verification-token',
      encryptKey: 'encrypt-key',
    });
    expect(result.ok && createChannelRequestSchema.safeParse(result.request).success).toBe(true);

    const custom = createRequestOf(
      form({
        name: '运维群',
        type: 'feishu',
        webhookUrl: FEISHU_SEND_URL,
        ...feishuBot,
        feishuAppBot: false,
      }),
    );
    expect(custom.ok && custom.request).not.toHaveProperty('feishuApp');
  });

  it('names each Feishu field that is missing or malformed', () => {
    expect(
      createRequestOf(
        form({
          name: '运维群',
          type: 'feishu',
          webhookUrl: FEISHU_SEND_URL,
          signing: false,
          feishuAppBot: true,
          feishuAppId: 'a1b2c3',
          feishuChatId: 'chat',
        }),
      ),
    ).toEqual({
      ok: false,
      problems: {
        feishuAppId: 'feishuAppId',
        feishuChatId: 'feishuChatId',
        feishuAppSecret: 'feishuCredentialRequired',
        feishuVerificationToken: 'feishuCredentialRequired',
        feishuEncryptKey: 'feishuCredentialRequired',
      },
    });
  });

  it('keeps a stored Feishu app bot untouched, replaces it whole when changed, and goes back to a custom bot', () => {
    const stored = storedChannel({
      type: 'feishu',
      signing: { enabled: false, secretConfigured: false },
      approval: {
        mode: 'button',
        slackSigningSecretConfigured: false,
        feishuApp: { appId: 'cli_a1b2c3d4e5f6', chatId: 'oc_a0553eda9014c201e6969b478895c230' },
      },
    });
    const kept = formOfChannel(stored);
    expect(kept).toMatchObject({
      feishuAppBot: true,
      feishuAppId: 'cli_a1b2c3d4e5f6',
      feishuChatId: 'oc_a0553eda9014c201e6969b478895c230',
      feishuAppSecret: '',
    });
    expect(updateRequestOf(kept, stored)).toEqual({ ok: true, request: null });

    // A new chat means sending the app's settings again, secrets included.
    const moved = { ...kept, feishuChatId: 'oc_ffff0553eda9014c201e6969b4788' };
    expect(updateRequestOf(moved, stored)).toEqual({
      ok: false,
      problems: {
        feishuAppSecret: 'feishuCredentialRequired',
        feishuVerificationToken: 'feishuCredentialRequired',
        feishuEncryptKey: 'feishuCredentialRequired',
      },
    });
    const replaced = updateRequestOf({ ...moved, ...feishuBot, feishuChatId: moved.feishuChatId }, stored);
    expect(replaced.ok && replaced.request?.feishuApp).toMatchObject({
      chatId: 'oc_ffff0553eda9014c201e6969b4788',
      appSecret: 'app-secret-value',
    });

    expect(updateRequestOf({ ...kept, feishuAppBot: false }, stored)).toEqual({
      ok: true,
      request: { feishuApp: null },
    });
  });

  it("places the API's issues about the app settings beside their fields", () => {
    expect(fieldOfIssuePath('slackSigningSecret')).toBe('slackSigningSecret');
    expect(fieldOfIssuePath('feishuApp.chatId')).toBe('feishuChatId');
    expect(fieldOfIssuePath('feishuApp.encryptKey')).toBe('feishuEncryptKey');
    expect(fieldOfIssuePath('feishuApp')).toBe('feishuAppId');
  });
});

describe("the API's refusals, beside their fields", () => {
  it('maps each issue path to the field it names', () => {
    expect(fieldOfIssuePath('webhookUrl')).toBe('webhookUrl');
    expect(fieldOfIssuePath('signingSecret')).toBe('signingSecret');
    expect(fieldOfIssuePath('filters.knownIssues[0]')).toBe('knownIssues');
    expect(fieldOfIssuePath('filters.minHosts')).toBe('minHosts');
    expect(fieldOfIssuePath('filters.tags[3]')).toBe('tags');
    expect(fieldOfIssuePath('filters')).toBeNull();
    expect(fieldOfIssuePath('(message)')).toBeNull();
    expect(fieldOfIssuePath('constructor')).toBeNull();
  });

  it('keeps every sentence of a field, and what names no field for the banner', () => {
    const placed = placeIssues([
      { path: 'webhookUrl', message: 'loopback addresses are refused unless listed' },
      { path: 'filters.knownIssues[0]', message: 'no known issue has the id nope' },
      { path: 'filters.knownIssues[2]', message: 'no known issue has the id nada' },
      { path: '(message)', message: 'expected at least one field to change' },
    ]);
    expect(placed.byField).toEqual({
      webhookUrl: ['loopback addresses are refused unless listed'],
      knownIssues: ['no known issue has the id nope', 'no known issue has the id nada'],
    });
    expect(placed.unplaced).toEqual([
      { path: '(message)', message: 'expected at least one field to change' },
    ]);
  });
});
