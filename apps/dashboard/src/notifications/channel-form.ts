/**
 * The form that adds or changes a chat channel, and the request it sends. The webhook URL and the signing
 * secret are write-only: an edit form starts with both empty, empty meaning "keep the stored one", and only
 * what the admin changed is sent. Every field is checked against the API's limits before sending; what the
 * server still refuses (its URL policy, an unknown known issue) comes back as issues naming a field path,
 * which `placeIssues` puts beside the field it names.
 *
 * Two platforms can carry an "Approve fix" button that calls FleetMedic back: Slack with the app's signing
 * secret (write-only like the other secrets), and Feishu sent as an app bot (its App Secret, Verification
 * Token and Encrypt Key write-only; the API replaces the app's settings all at once, so changing any of them
 * asks for the three secrets again).
 */
import {
  CHANNEL_TYPES,
  type Channel,
  type ChannelLanguage,
  type ChannelType,
  type CreateChannelRequest,
  type FeishuApp,
  MAX_CHANNEL_RATE_PER_MINUTE,
  type ProtocolIssue,
  SIGNABLE_CHANNEL_TYPES,
  type UpdateChannelRequest,
} from '@fleetmedic/protocol';
import { parseTags } from '../remediation/rule-form';

export interface ChannelForm {
  name: string;
  type: ChannelType;
  /** Adding: required. Changing: empty keeps the stored URL, anything else replaces it. */
  webhookUrl: string;
  language: ChannelLanguage;
  enabled: boolean;
  /** Only for the types that can be signed (DingTalk, Feishu, generic webhook). */
  signing: boolean;
  /** Empty: none (adding) or keep the stored one (changing). Ignored while signing is off. */
  signingSecret: string;
  knownIssues: string[];
  /** From a number input: a number, or '' when empty. */
  minHosts: number | '';
  /** Separated by commas or spaces. */
  tags: string;
  /** Empty: the platform's documented limit. */
  ratePerMinute: number | '';
  /** Slack only: messages carry an "Approve fix" button, verified with the app's signing secret. */
  slackApproveButton: boolean;
  /** Empty: none (adding) or keep the stored one (changing). */
  slackSigningSecret: string;
  /** Feishu only: send as an app bot, whose cards carry an "Approve fix" button. */
  feishuAppBot: boolean;
  feishuAppId: string;
  feishuChatId: string;
  /** The three secrets: empty keeps the stored ones, as long as App ID and chat ID stay as stored. */
  feishuAppSecret: string;
  feishuVerificationToken: string;
  feishuEncryptKey: string;
}

export type ChannelField = keyof ChannelForm;

export const CHANNEL_LIMITS = {
  name: 100,
  webhookUrl: 2048,
  signingSecret: { min: 8, max: 512 },
  minHosts: { min: 1, max: 1_000_000 },
  tags: 50,
  tagLength: 64,
  knownIssues: 100,
  ratePerMinute: { min: 1, max: MAX_CHANNEL_RATE_PER_MINUTE },
  slackSigningSecret: { min: 8, max: 512 },
  feishuCredential: 512,
} as const;

/** As the API checks them: `cli_…` and `oc_…`. */
const FEISHU_APP_ID = /^cli_[A-Za-z0-9]{4,64}$/;
const FEISHU_CHAT_ID = /^oc_[A-Za-z0-9]{8,64}$/;
const FEISHU_SECRET_FIELDS = ['feishuAppSecret', 'feishuVerificationToken', 'feishuEncryptKey'] as const;

export function isSignable(type: ChannelType): boolean {
  return (SIGNABLE_CHANNEL_TYPES as readonly ChannelType[]).includes(type);
}

export function isChannelType(value: string): value is ChannelType {
  return (CHANNEL_TYPES as readonly string[]).includes(value);
}

/** A generic webhook is signed unless turned off; the chat platforms' signing is opt-in, as theirs is. */
export function defaultSigning(type: ChannelType): boolean {
  return type === 'webhook';
}

export function newChannelForm(type: ChannelType = 'webhook'): ChannelForm {
  return {
    name: '',
    type,
    webhookUrl: '',
    language: 'en',
    enabled: true,
    signing: defaultSigning(type),
    signingSecret: '',
    knownIssues: [],
    minHosts: 1,
    tags: '',
    ratePerMinute: '',
    slackApproveButton: false,
    slackSigningSecret: '',
    feishuAppBot: false,
    feishuAppId: '',
    feishuChatId: '',
    feishuAppSecret: '',
    feishuVerificationToken: '',
    feishuEncryptKey: '',
  };
}

/** The form for changing `channel`: everything as stored, the write-only fields empty (kept unless typed). */
export function formOfChannel(channel: Channel): ChannelForm {
  return {
    name: channel.name,
    type: channel.type,
    webhookUrl: '',
    language: channel.language,
    enabled: channel.enabled,
    signing: channel.signing.enabled,
    signingSecret: '',
    knownIssues: [...channel.filters.knownIssues],
    minHosts: channel.filters.minHosts,
    tags: channel.filters.tags.join(', '),
    ratePerMinute: channel.ratePerMinuteIsDefault ? '' : channel.ratePerMinute,
    slackApproveButton: channel.approval.slackSigningSecretConfigured,
    slackSigningSecret: '',
    feishuAppBot: channel.approval.feishuApp !== null,
    feishuAppId: channel.approval.feishuApp?.appId ?? '',
    feishuChatId: channel.approval.feishuApp?.chatId ?? '',
    feishuAppSecret: '',
    feishuVerificationToken: '',
    feishuEncryptKey: '',
  };
}

/** What is wrong with a field, found before sending: a message key under `channels.form.problems`. */
export type ChannelProblem =
  | 'name'
  | 'webhookUrlRequired'
  | 'webhookUrl'
  | 'signingSecretRequired'
  | 'signingSecret'
  | 'knownIssues'
  | 'minHosts'
  | 'tags'
  | 'ratePerMinute'
  | 'slackSigningSecretRequired'
  | 'slackSigningSecret'
  | 'feishuAppId'
  | 'feishuChatId'
  | 'feishuCredentialRequired'
  | 'feishuCredential';

export type ChannelProblems = Partial<Record<ChannelField, ChannelProblem>>;

export type CreateResult =
  { ok: true; request: CreateChannelRequest } | { ok: false; problems: ChannelProblems };
/** `request` is null when nothing changed (the API refuses an empty change). */
export type UpdateResult =
  { ok: true; request: UpdateChannelRequest | null } | { ok: false; problems: ChannelProblems };

interface Checked {
  problems: ChannelProblems;
  name: string;
  webhookUrl: string;
  signingSecret: string;
  minHosts: number;
  tags: string[];
  ratePerMinute: number | null;
  slackSigningSecret: string;
  /** What the Feishu app bot fields say, once checked (null: no app bot, or not a Feishu channel). */
  feishuApp: FeishuApp | null;
  /** Whether the Feishu fields differ from the stored app bot (always true when none is stored). */
  feishuAppChanged: boolean;
}

/** What is stored already, when changing a channel. */
interface Stored {
  secret: boolean;
  slackSecret: boolean;
  feishuApp: { appId: string; chatId: string } | null;
}

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function isWholeIn(value: number | '', { min, max }: { min: number; max: number }): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** The checks both requests share. `stored`: what the channel already has (changing only). */
function check(form: ChannelForm, mode: { adding: boolean; stored: Stored }): Checked {
  const problems: ChannelProblems = {};
  const name = form.name.trim();
  if (name === '' || name.length > CHANNEL_LIMITS.name) problems.name = 'name';

  const webhookUrl = form.webhookUrl.trim();
  if (webhookUrl === '') {
    if (mode.adding) problems.webhookUrl = 'webhookUrlRequired';
  } else if (webhookUrl.length > CHANNEL_LIMITS.webhookUrl || !isWebUrl(webhookUrl)) {
    problems.webhookUrl = 'webhookUrl';
  }

  // Pasted secrets often carry a line break; no platform's secret has white space at its ends.
  const signingSecret = form.signingSecret.trim();
  if (isSignable(form.type) && form.signing) {
    const { min, max } = CHANNEL_LIMITS.signingSecret;
    if (signingSecret === '') {
      if (!mode.stored.secret) problems.signingSecret = 'signingSecretRequired';
    } else if (signingSecret.length < min || signingSecret.length > max) {
      problems.signingSecret = 'signingSecret';
    }
  }

  if (form.knownIssues.length > CHANNEL_LIMITS.knownIssues) problems.knownIssues = 'knownIssues';

  const minHosts = form.minHosts;
  if (!isWholeIn(minHosts, CHANNEL_LIMITS.minHosts)) problems.minHosts = 'minHosts';

  const tags = parseTags(form.tags);
  if (tags.length > CHANNEL_LIMITS.tags || tags.some((tag) => tag.length > CHANNEL_LIMITS.tagLength))
    problems.tags = 'tags';

  const rate = form.ratePerMinute;
  if (rate !== '' && !isWholeIn(rate, CHANNEL_LIMITS.ratePerMinute)) problems.ratePerMinute = 'ratePerMinute';

  const slackSigningSecret = form.slackSigningSecret.trim();
  if (form.type === 'slack' && form.slackApproveButton) {
    const { min, max } = CHANNEL_LIMITS.slackSigningSecret;
    if (slackSigningSecret === '') {
      if (!mode.stored.slackSecret) problems.slackSigningSecret = 'slackSigningSecretRequired';
    } else if (slackSigningSecret.length < min || slackSigningSecret.length > max) {
      problems.slackSigningSecret = 'slackSigningSecret';
    }
  }

  let feishuApp: FeishuApp | null = null;
  let feishuAppChanged = false;
  if (form.type === 'feishu' && form.feishuAppBot) {
    const appId = form.feishuAppId.trim();
    const chatId = form.feishuChatId.trim();
    if (!FEISHU_APP_ID.test(appId)) problems.feishuAppId = 'feishuAppId';
    if (!FEISHU_CHAT_ID.test(chatId)) problems.feishuChatId = 'feishuChatId';
    const secrets = FEISHU_SECRET_FIELDS.map((field) => form[field].trim());
    const stored = mode.stored.feishuApp;
    feishuAppChanged =
      stored === null ||
      appId !== stored.appId ||
      chatId !== stored.chatId ||
      secrets.some((secret) => secret !== '');
    // The API takes the app's settings whole: any change needs all three secrets again.
    if (feishuAppChanged) {
      FEISHU_SECRET_FIELDS.forEach((field, index) => {
        const secret = secrets[index] ?? '';
        if (secret === '') problems[field] = 'feishuCredentialRequired';
        else if (secret.length > CHANNEL_LIMITS.feishuCredential) problems[field] = 'feishuCredential';
      });
    }
    const [appSecret = '', verificationToken = '', encryptKey = ''] = secrets;
    feishuApp = { appId, appSecret, chatId, verificationToken, encryptKey };
  }

  return {
    problems,
    name,
    webhookUrl,
    signingSecret,
    minHosts: typeof minHosts === 'number' ? minHosts : 1,
    tags,
    ratePerMinute: rate === '' ? null : rate,
    slackSigningSecret,
    feishuApp,
    feishuAppChanged,
  };
}

const hasProblems = (problems: ChannelProblems): boolean => Object.keys(problems).length > 0;

export function createRequestOf(form: ChannelForm): CreateResult {
  const checked = check(form, {
    adding: true,
    stored: { secret: false, slackSecret: false, feishuApp: null },
  });
  if (hasProblems(checked.problems)) return { ok: false, problems: checked.problems };
  const request: CreateChannelRequest = {
    name: checked.name,
    type: form.type,
    webhookUrl: checked.webhookUrl,
    language: form.language,
    enabled: form.enabled,
    filters: { knownIssues: [...form.knownIssues], minHosts: checked.minHosts, tags: checked.tags },
  };
  // The API refuses `signing` for the platforms whose URL is the credential; for the others it is sent
  // either way, so that the default never decides silently.
  if (isSignable(form.type)) {
    request.signing = form.signing;
    if (form.signing) request.signingSecret = checked.signingSecret;
  }
  if (checked.ratePerMinute !== null) request.ratePerMinute = checked.ratePerMinute;
  if (form.type === 'slack' && form.slackApproveButton)
    request.slackSigningSecret = checked.slackSigningSecret;
  if (checked.feishuApp !== null) request.feishuApp = checked.feishuApp;
  return { ok: true, request };
}

const sameList = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && [...a].sort().join('\n') === [...b].sort().join('\n');

/** Only what differs from `channel`; the URL and the secret only when typed (they replace the stored ones). */
export function updateRequestOf(form: ChannelForm, channel: Channel): UpdateResult {
  const checked = check(form, {
    adding: false,
    stored: {
      secret: channel.signing.secretConfigured,
      slackSecret: channel.approval.slackSigningSecretConfigured,
      feishuApp: channel.approval.feishuApp,
    },
  });
  if (hasProblems(checked.problems)) return { ok: false, problems: checked.problems };
  const request: UpdateChannelRequest = {};
  if (checked.name !== channel.name) request.name = checked.name;
  if (checked.webhookUrl !== '') request.webhookUrl = checked.webhookUrl;
  if (form.language !== channel.language) request.language = form.language;
  if (form.enabled !== channel.enabled) request.enabled = form.enabled;
  if (isSignable(channel.type)) {
    if (form.signing !== channel.signing.enabled) request.signing = form.signing;
    if (form.signing && checked.signingSecret !== '') request.signingSecret = checked.signingSecret;
  }

  const filters: NonNullable<UpdateChannelRequest['filters']> = {};
  if (!sameList(form.knownIssues, channel.filters.knownIssues)) filters.knownIssues = [...form.knownIssues];
  if (checked.minHosts !== channel.filters.minHosts) filters.minHosts = checked.minHosts;
  if (!sameList(checked.tags, channel.filters.tags)) filters.tags = checked.tags;
  if (Object.keys(filters).length > 0) request.filters = filters;

  if (checked.ratePerMinute === null) {
    if (!channel.ratePerMinuteIsDefault) request.ratePerMinute = null;
  } else if (channel.ratePerMinuteIsDefault || checked.ratePerMinute !== channel.ratePerMinute) {
    request.ratePerMinute = checked.ratePerMinute;
  }

  if (channel.type === 'slack') {
    if (!form.slackApproveButton) {
      if (channel.approval.slackSigningSecretConfigured) request.slackSigningSecret = null;
    } else if (checked.slackSigningSecret !== '') {
      request.slackSigningSecret = checked.slackSigningSecret;
    }
  }
  if (channel.type === 'feishu') {
    if (checked.feishuApp === null) {
      if (channel.approval.feishuApp !== null) request.feishuApp = null;
    } else if (checked.feishuAppChanged) {
      request.feishuApp = checked.feishuApp;
    }
  }
  return { ok: true, request: Object.keys(request).length > 0 ? request : null };
}

/** The form field an API issue's path names (`filters.knownIssues[0]` → `knownIssues`), or null. */
const TOP_LEVEL_FIELDS: ReadonlySet<string> = new Set<ChannelField>([
  'name',
  'type',
  'webhookUrl',
  'language',
  'enabled',
  'signing',
  'signingSecret',
  'ratePerMinute',
  'slackSigningSecret',
]);
/** `feishuApp.appId` → `feishuAppId`. */
const FEISHU_APP_FIELDS: Readonly<Record<string, ChannelField>> = {
  appId: 'feishuAppId',
  chatId: 'feishuChatId',
  appSecret: 'feishuAppSecret',
  verificationToken: 'feishuVerificationToken',
  encryptKey: 'feishuEncryptKey',
};
const FILTER_FIELDS: ReadonlySet<string> = new Set<ChannelField>(['knownIssues', 'minHosts', 'tags']);

/** The form field an API issue's path names (`filters.knownIssues[0]` → `knownIssues`), or null. */
export function fieldOfIssuePath(path: string): ChannelField | null {
  const [head = '', sub = ''] = path.split(/[.[]/, 2);
  if (TOP_LEVEL_FIELDS.has(head)) return head as ChannelField;
  if (head === 'filters' && FILTER_FIELDS.has(sub)) return sub as ChannelField;
  if (head === 'feishuApp') return FEISHU_APP_FIELDS[sub] ?? 'feishuAppId';
  return null;
}

export interface PlacedIssues {
  /** The server's sentences, by the field they name. */
  byField: Partial<Record<ChannelField, string[]>>;
  /** Issues that name no field of the form: shown with the error as a whole. */
  unplaced: ProtocolIssue[];
}

export function placeIssues(issues: readonly ProtocolIssue[]): PlacedIssues {
  const placed: PlacedIssues = { byField: {}, unplaced: [] };
  for (const issue of issues) {
    const field = fieldOfIssuePath(issue.path);
    if (field === null) placed.unplaced.push(issue);
    else (placed.byField[field] ??= []).push(issue.message);
  }
  return placed;
}
