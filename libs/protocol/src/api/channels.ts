/**
 * REST shapes of chat alerts: channels (where incident news goes, in which language, for which incidents)
 * and deliveries (one message to one channel, kept in a persisted outbox until the platform took it).
 * Webhook URLs and signing secrets are write-only: a channel as read shows where its messages go (the
 * origin) and whether a secret is set, never the URL's path, query or the secret itself.
 */
import { z } from 'zod';
import { idSchema, instantSchema } from '../common';

export const CHANNEL_TYPES = ['slack', 'teams', 'dingtalk', 'feishu', 'wecom', 'webhook'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

/** The platforms whose webhooks can be signed with a shared secret (the others carry it in the URL). */
export const SIGNABLE_CHANNEL_TYPES = [
  'dingtalk',
  'feishu',
  'webhook',
] as const satisfies readonly ChannelType[];

export const CHANNEL_LANGUAGES = ['en', 'zh-CN'] as const;
export type ChannelLanguage = (typeof CHANNEL_LANGUAGES)[number];

export const MAX_CHANNEL_RATE_PER_MINUTE = 600;

const channelTypeSchema = z.enum(CHANNEL_TYPES, { error: `expected one of ${CHANNEL_TYPES.join(', ')}` });
const channelLanguageSchema = z.enum(CHANNEL_LANGUAGES, {
  error: `expected one of ${CHANNEL_LANGUAGES.join(', ')}`,
});

const channelNameSchema = z
  .string({ error: 'expected a channel name' })
  .trim()
  .min(1, { error: 'expected a channel name of 1 to 100 characters' })
  .max(100, { error: 'expected a channel name of 1 to 100 characters' });

/** The URL's shape only; where it may point is the server's policy (docs/alerts.md). */
const webhookUrlSchema = z
  .string({ error: 'expected the webhook URL the platform gave you' })
  .max(2048, { error: 'expected a webhook URL of at most 2048 characters' })
  .pipe(
    z.url({
      protocol: /^https?$/,
      error: 'expected an https:// URL, such as the one the platform shows for the webhook or robot',
    }),
  );

const signingSecretSchema = z
  .string({ error: 'expected the signing secret' })
  .min(8, { error: 'expected a signing secret of 8 to 512 characters' })
  .max(512, { error: 'expected a signing secret of 8 to 512 characters' });

/** Slack's app signing secret (Basic Information → App Credentials): 32 hex characters today. */
const slackSigningSecretSchema = z
  .string({ error: 'expected the Slack app signing secret' })
  .min(8, { error: 'expected a Slack signing secret of 8 to 512 characters' })
  .max(512, { error: 'expected a Slack signing secret of 8 to 512 characters' });

const feishuCredentialSchema = (what: string) =>
  z
    .string({ error: `expected the Feishu app's ${what}` })
    .min(1, { error: `expected the Feishu app's ${what}` })
    .max(512, { error: `expected a Feishu ${what} of at most 512 characters` });

/**
 * A Feishu/Lark app bot (企业自建应用 with the bot capability): messages go through the Open Platform's
 * send-message API to one chat, and its cards call back to FleetMedic when someone presses a button
 * (a custom bot's cards can only open links). The secrets are write-only.
 */
export const feishuAppSchema = z.strictObject({
  /** App ID (`cli_…`). */
  appId: z
    .string({ error: 'expected the Feishu App ID, e.g. cli_a1b2c3d4e5f6' })
    .regex(/^cli_[A-Za-z0-9]{4,64}$/, { error: 'expected the Feishu App ID, e.g. cli_a1b2c3d4e5f6' }),
  /** App Secret: exchanged for a tenant_access_token to send messages. */
  appSecret: feishuCredentialSchema('App Secret'),
  /** The group chat the app bot posts to (`oc_…`); the bot must be a member. */
  chatId: z
    .string({ error: 'expected the chat ID, e.g. oc_a0553eda9014c201e6969b478895c230' })
    .regex(/^oc_[A-Za-z0-9]{8,64}$/, { error: 'expected the chat ID (oc_…) of the group the bot is in' }),
  /** Events & Callbacks → Encryption Strategy: Verification Token. */
  verificationToken: feishuCredentialSchema('Verification Token'),
  /** Events & Callbacks → Encryption Strategy: Encrypt Key (required: it signs the callbacks). */
  encryptKey: feishuCredentialSchema('Encrypt Key'),
});
export type FeishuApp = z.infer<typeof feishuAppSchema>;

const ratePerMinuteSchema = z
  .number({ error: 'expected messages per minute' })
  .int({ error: 'expected a whole number of messages per minute' })
  .min(1, { error: `expected 1 to ${MAX_CHANNEL_RATE_PER_MINUTE} messages per minute` })
  .max(MAX_CHANNEL_RATE_PER_MINUTE, {
    error: `expected 1 to ${MAX_CHANNEL_RATE_PER_MINUTE} messages per minute`,
  });

const knownIssueIdsSchema = z
  .array(z.string().min(1).max(100), { error: 'expected a list of known issue ids' })
  .max(100);
const minHostsSchema = z
  .number({ error: 'expected a number of hosts' })
  .int({ error: 'expected a whole number of hosts' })
  .min(1, { error: 'expected at least 1 host' })
  .max(1_000_000, { error: 'expected at most 1000000 hosts' });
const tagsSchema = z.array(z.string().min(1).max(64), { error: 'expected a list of host tags' }).max(50);

/**
 * Which incidents a channel starts following. Once a channel got an incident's first message it hears the
 * rest of that incident's story (growth, remediation, resolution) whatever the filters say then.
 */
export const channelFiltersSchema = z.strictObject({
  /** Only incidents matching one of these known issues (ids of GET /api/known-issues); empty: any incident. */
  knownIssues: knownIssueIdsSchema.default([]),
  /**
   * The severity threshold: an incident is worth this channel's attention from this many affected PCs on.
   * FleetMedic measures severity by breadth (how many PCs fail the same way), not by a declared level.
   */
  minHosts: minHostsSchema.default(1),
  /** Only incidents where at least one affected host carries one of these tags; empty: any host. */
  tags: tagsSchema.default([]),
});
export type ChannelFilters = z.infer<typeof channelFiltersSchema>;

export const createChannelRequestSchema = z.strictObject({
  name: channelNameSchema,
  type: channelTypeSchema,
  webhookUrl: webhookUrlSchema,
  /** The language of the messages. Default `en`. */
  language: channelLanguageSchema.default('en'),
  /** Default true. A disabled channel keeps its settings and gets no messages. */
  enabled: z.boolean({ error: 'expected true or false' }).default(true),
  /**
   * Sign each message with `signingSecret` (dingtalk, feishu: as the platform documents; webhook: an
   * HMAC-SHA256 header). Default: on for `webhook`, off for the others.
   */
  signing: z.boolean({ error: 'expected true or false' }).optional(),
  signingSecret: signingSecretSchema.optional(),
  filters: channelFiltersSchema.default({ knownIssues: [], minHosts: 1, tags: [] }),
  /** Messages per minute at most; default: the platform's documented limit (docs/alerts.md). */
  ratePerMinute: ratePerMinuteSchema.optional(),
  /**
   * slack only: the signing secret of the Slack app whose incoming webhook `webhookUrl` is. With it,
   * messages carry an "Approve fix" button that calls FleetMedic back (verified with this secret).
   */
  slackSigningSecret: slackSigningSecretSchema.optional(),
  /**
   * feishu only: send as an app bot instead of a custom bot, so that cards carry an "Approve fix" button
   * that calls FleetMedic back. `webhookUrl` is then the send-message API,
   * `https://open.feishu.cn/open-apis/im/v1/messages?receive_id_type=chat_id`.
   */
  feishuApp: feishuAppSchema.optional(),
});
export type CreateChannelRequest = z.infer<typeof createChannelRequestSchema>;

/** Every field optional; `webhookUrl` and `signingSecret` replace the stored ones (they cannot be read). */
export const updateChannelRequestSchema = z
  .strictObject({
    name: channelNameSchema.optional(),
    webhookUrl: webhookUrlSchema.optional(),
    language: channelLanguageSchema.optional(),
    enabled: z.boolean({ error: 'expected true or false' }).optional(),
    signing: z.boolean({ error: 'expected true or false' }).optional(),
    /** Replaces the stored secret; null removes it, which only a channel with signing off may do. */
    signingSecret: signingSecretSchema.nullable().optional(),
    /** The filters given replace the stored ones; those left out stay. */
    filters: z
      .strictObject({
        knownIssues: knownIssueIdsSchema.optional(),
        minHosts: minHostsSchema.optional(),
        tags: tagsSchema.optional(),
      })
      .optional(),
    /** null: back to the platform's default. */
    ratePerMinute: ratePerMinuteSchema.nullable().optional(),
    /** Replaces the stored secret; null removes it (and the Approve button with it). */
    slackSigningSecret: slackSigningSecretSchema.nullable().optional(),
    /** Replaces the stored app settings, all of them; null goes back to a custom bot. */
    feishuApp: feishuAppSchema.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { error: 'expected at least one field to change' });
export type UpdateChannelRequest = z.infer<typeof updateChannelRequestSchema>;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const channelDeliveryStatsSchema = z.strictObject({
  pending: z.number().int().nonnegative(),
  delivered: z.number().int().nonnegative(),
  dead: z.number().int().nonnegative(),
  lastDeliveredAt: instantSchema.nullable(),
  /** The latest failure, when the latest attempt failed (the URL's secret parts never appear in it). */
  lastError: z.string().nullable(),
});
export type ChannelDeliveryStats = z.infer<typeof channelDeliveryStatsSchema>;

export const channelSchema = z.strictObject({
  id: idSchema,
  name: z.string(),
  type: channelTypeSchema,
  language: channelLanguageSchema,
  enabled: z.boolean(),
  /** Where messages go: `configured` and the URL's origin, e.g. `https://oapi.dingtalk.com`; never the rest. */
  webhook: z.strictObject({ configured: z.literal(true), origin: z.string() }),
  signing: z.strictObject({ enabled: z.boolean(), secretConfigured: z.boolean() }),
  /**
   * How its messages let an approver approve a fix: `button` (Slack with a signing secret, a Feishu app
   * bot: the button calls FleetMedic back), `link` (a signed link into the dashboard, valid 24 h), or
   * `none` (FLEETMEDIC_PUBLIC_URL is not set, so there is nothing to link to).
   */
  approval: z.strictObject({
    mode: z.enum(['button', 'link', 'none']),
    slackSigningSecretConfigured: z.boolean(),
    /** The Feishu app bot, without its secrets. */
    feishuApp: z.strictObject({ appId: z.string(), chatId: z.string() }).nullable(),
  }),
  filters: channelFiltersSchema,
  /** Messages per minute at most, and whether that is the platform's default. */
  ratePerMinute: z.number().int().positive(),
  ratePerMinuteIsDefault: z.boolean(),
  createdAt: instantSchema,
  updatedAt: instantSchema,
  deliveries: channelDeliveryStatsSchema,
});
export type Channel = z.infer<typeof channelSchema>;

export const channelListSchema = z.strictObject({ channels: z.array(channelSchema) });
export type ChannelList = z.infer<typeof channelListSchema>;

export const channelIdParamSchema = z.strictObject({ id: idSchema });
export const channelDeliveryParamSchema = z.strictObject({ id: idSchema, deliveryId: idSchema });

/**
 * What a message tells: an incident `opened` (its burst settled), `grew`, `resolved`, `reopened`,
 * remediation started or finished on it, a `reminder` that it is still open and unacknowledged, or a `test`.
 */
export const NOTIFICATION_KINDS = [
  'opened',
  'grew',
  'resolved',
  'reopened',
  'remediation-started',
  'remediation-finished',
  'reminder',
  'test',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const notificationDeliverySchema = z.strictObject({
  id: idSchema,
  channelId: idSchema,
  channelName: z.string(),
  channelType: channelTypeSchema,
  incidentId: idSchema.nullable(),
  kind: z.enum(NOTIFICATION_KINDS),
  /** The message's title, in the channel's language. */
  headline: z.string(),
  /** `pending` until the platform accepted it (`delivered`) or it was given up (`dead`, a dead letter). */
  status: z.enum(DELIVERY_STATUSES),
  attempts: z.number().int().nonnegative(),
  createdAt: instantSchema,
  /** When the next attempt is due, while pending. */
  nextAttemptAt: instantSchema.nullable(),
  lastAttemptAt: instantSchema.nullable(),
  deliveredAt: instantSchema.nullable(),
  /** The HTTP status of the last attempt, when one was received. */
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
});
export type NotificationDelivery = z.infer<typeof notificationDeliverySchema>;

export const notificationDeliveryListSchema = z.strictObject({
  deliveries: z.array(notificationDeliverySchema),
});
export type NotificationDeliveryList = z.infer<typeof notificationDeliveryListSchema>;

export const channelDeliveriesQuerySchema = z.strictObject({
  status: z
    .enum([...DELIVERY_STATUSES, 'all'], { error: 'status must be pending, delivered, dead or all' })
    .default('all'),
  limit: z.coerce
    .number({ error: 'limit must be a number from 1 to 500' })
    .int({ error: 'limit must be a number from 1 to 500' })
    .min(1, { error: 'limit must be a number from 1 to 500' })
    .max(500, { error: 'limit must be a number from 1 to 500' })
    .default(100),
});
export type ChannelDeliveriesQuery = z.infer<typeof channelDeliveriesQuerySchema>;
