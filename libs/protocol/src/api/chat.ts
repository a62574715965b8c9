/**
 * REST shapes of approving from chat: the chat identities that tie a FleetMedic user to their Slack or
 * Feishu account (so that a button pressed in chat is that user's own approval, with that user's role), and
 * the signed, expiring approval links that other platforms carry into the dashboard.
 */
import { z } from 'zod';
import { idSchema, instantSchema } from '../common';

export const CHAT_PLATFORMS = ['slack', 'feishu'] as const;
export type ChatPlatform = (typeof CHAT_PLATFORMS)[number];

/** Slack ids: a user `U…` or `W…` (Enterprise Grid), a workspace (team) `T…` or `E…`. */
const slackUserIdSchema = z
  .string({ error: 'expected the Slack member ID, e.g. U0123ABCD' })
  .regex(/^[UW][A-Z0-9]{2,30}$/, {
    error: 'expected the Slack member ID (profile → ⋮ → Copy member ID), e.g. U0123ABCD',
  });
const slackTeamIdSchema = z
  .string({ error: 'expected the Slack workspace ID, e.g. T0123ABCD' })
  .regex(/^[TE][A-Z0-9]{2,30}$/, { error: 'expected the Slack workspace (team) ID, e.g. T0123ABCD' });
/** Feishu/Lark: `open_id` is per app (`ou_…`), `union_id` is per developer across their apps (`on_…`). */
const feishuOpenIdSchema = z
  .string({ error: 'expected the Feishu open_id, e.g. ou_7d8a6e6df7621556ce0d21922b676706' })
  .regex(/^ou_[A-Za-z0-9]{8,64}$/, { error: 'expected the Feishu open_id of the app, e.g. ou_7d8a…' });
const feishuUnionIdSchema = z
  .string({ error: 'expected the Feishu union_id, e.g. on_8ed6aa67826108097d9ee143816345' })
  .regex(/^on_[A-Za-z0-9]{8,64}$/, { error: 'expected the Feishu union_id, e.g. on_8ed6…' });

export const linkChatIdentityRequestSchema = z.discriminatedUnion(
  'platform',
  [
    z.strictObject({
      platform: z.literal('slack'),
      /** The member ID Slack shows in the user's profile. */
      userId: slackUserIdSchema,
      /** The workspace the member belongs to (Slack ids are unique per workspace). */
      teamId: slackTeamIdSchema,
    }),
    z.strictObject({
      platform: z.literal('feishu'),
      /** The user's open_id for the FleetMedic app (what the card callback carries). */
      openId: feishuOpenIdSchema,
      /** Optional: the union_id, which stays the same across one developer's apps. */
      unionId: feishuUnionIdSchema.optional(),
    }),
  ],
  { error: `expected platform to be one of ${CHAT_PLATFORMS.join(', ')}` },
);
export type LinkChatIdentityRequest = z.infer<typeof linkChatIdentityRequestSchema>;

export const chatIdentitySchema = z.strictObject({
  id: idSchema,
  /** The FleetMedic user this chat account acts as. */
  userId: idSchema,
  username: z.string(),
  platform: z.enum(CHAT_PLATFORMS),
  /** Slack member ID, or Feishu open_id. */
  externalId: z.string(),
  /** Slack workspace ID; null for Feishu. */
  teamId: z.string().nullable(),
  /** Feishu union_id when given; null otherwise. */
  unionId: z.string().nullable(),
  createdAt: instantSchema,
});
export type ChatIdentity = z.infer<typeof chatIdentitySchema>;

export const chatIdentityListSchema = z.strictObject({ identities: z.array(chatIdentitySchema) });
export type ChatIdentityList = z.infer<typeof chatIdentityListSchema>;

export const chatIdentityParamSchema = z.strictObject({ id: idSchema, identityId: idSchema });

/** An approval link's token: base64url payload, a dot, base64url HMAC. */
export const approvalLinkTokenSchema = z
  .string({ error: 'expected an approval link token' })
  .max(1024, { error: 'expected an approval link token' })
  .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, { error: 'expected an approval link token' });

export const approvalLinkParamSchema = z.strictObject({ token: approvalLinkTokenSchema });

/** What a valid approval link opens: the incident's fix, to be reviewed and approved by whoever signed in. */
export const approvalLinkSchema = z.strictObject({
  incidentId: idSchema,
  playbookId: z.string(),
  expiresAt: instantSchema,
});
export type ApprovalLink = z.infer<typeof approvalLinkSchema>;
