/**
 * The form that links a user's Slack or Feishu account, so that an "Approve fix" button pressed in chat is
 * that user's own approval. It is checked with the API's own schema before sending; what is wrong is named
 * by field, and the server's 400 issues land beside the same fields.
 */
import {
  type ChatIdentity,
  type ChatPlatform,
  type LinkChatIdentityRequest,
  linkChatIdentityRequestSchema,
  type ProtocolIssue,
} from '@fleetmedic/protocol';

export interface ChatIdentityForm {
  platform: ChatPlatform;
  /** Slack member ID (U…/W…). */
  slackUserId: string;
  /** Slack workspace ID (T…/E…). */
  slackTeamId: string;
  /** Feishu open_id of the FleetMedic app (ou_…). */
  feishuOpenId: string;
}

export type ChatIdentityField = 'slackUserId' | 'slackTeamId' | 'feishuOpenId';

export function newChatIdentityForm(platform: ChatPlatform = 'slack'): ChatIdentityForm {
  return { platform, slackUserId: '', slackTeamId: '', feishuOpenId: '' };
}

/** The request's field paths, by platform, to the form's fields. */
const FIELD_OF_PATH: Record<ChatPlatform, Readonly<Record<string, ChatIdentityField>>> = {
  slack: { userId: 'slackUserId', teamId: 'slackTeamId' },
  feishu: { openId: 'feishuOpenId' },
};

export type LinkResult =
  | { ok: true; request: LinkChatIdentityRequest }
  /** The fields that are wrong: each is a message key under `users.chat.problems`. */
  | { ok: false; problems: ChatIdentityField[] };

export function linkRequestOf(form: ChatIdentityForm): LinkResult {
  // Copied ids often carry spaces or a line break.
  const request =
    form.platform === 'slack'
      ? { platform: 'slack', userId: form.slackUserId.trim(), teamId: form.slackTeamId.trim() }
      : { platform: 'feishu', openId: form.feishuOpenId.trim() };
  const parsed = linkChatIdentityRequestSchema.safeParse(request);
  if (parsed.success) return { ok: true, request: parsed.data };
  const problems = new Set<ChatIdentityField>();
  for (const issue of parsed.error.issues) {
    const field = FIELD_OF_PATH[form.platform][String(issue.path[0])];
    if (field) problems.add(field);
  }
  return { ok: false, problems: [...problems] };
}

export interface PlacedChatIssues {
  byField: Partial<Record<ChatIdentityField, string[]>>;
  /** What names no field of the form: shown with the error as a whole. */
  unplaced: ProtocolIssue[];
}

/** The server's 400 issues, beside the fields of `platform` they name. */
export function placeChatIssues(platform: ChatPlatform, issues: readonly ProtocolIssue[]): PlacedChatIssues {
  const placed: PlacedChatIssues = { byField: {}, unplaced: [] };
  for (const issue of issues) {
    const field = FIELD_OF_PATH[platform][issue.path];
    if (field === undefined) placed.unplaced.push(issue);
    else (placed.byField[field] ??= []).push(issue.message);
  }
  return placed;
}

/** How an identity reads in the list: `U0123ABCD @ T0123ABCD`, or the open_id (and union_id). */
export function accountOf(identity: ChatIdentity): string {
  if (identity.platform === 'slack') return `${identity.externalId} @ ${identity.teamId ?? '?'}`;
  return identity.unionId ? `${identity.externalId} (${identity.unionId})` : identity.externalId;
}
