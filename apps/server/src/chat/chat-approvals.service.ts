/**
 * An approval pressed in chat, whatever the platform: the chat account must be linked to an active
 * FleetMedic user whose current role is approver or higher; the approval is then that user's own, through
 * the same ApprovalsService as the dashboard (so the same checks and the same `remediation.approved` audit
 * event, marked `via`). Every refusal, from a bad signature to a rollout already running, is audited as
 * `chat.approval.refused` with its reason.
 */
import { Injectable, Logger } from '@nestjs/common';
import { type AuditActor, type RolloutView, roleAtLeast } from '@fleetmedic/protocol';
import { AuditService, anonymousActor } from '../audit/audit.service';
import { FailureLimiter } from '../auth/failure-limiter';
import { userActor } from '../auth/principal';
import { IncidentsErrorCode } from '../incidents/incidents.errors';
import { ApprovalsService } from '../remediation/approvals.service';
import { RemediationErrorCode } from '../remediation/remediation.errors';
import type { LinkedUser } from './chat-identities.service';

export type ChatVia = 'slack' | 'feishu' | 'link';

export type ChatRefusalReason =
  | 'bad-signature'
  | 'stale-timestamp'
  | 'replayed'
  | 'invalid-payload'
  | 'unknown-user'
  | 'role-too-low'
  | 'incident-not-found'
  | 'no-playbook'
  | 'rollout-running'
  | 'nothing-to-fix'
  | 'invalid-approval'
  | 'link-invalid'
  | 'link-expired';

/** The chat account that pressed the button, as the platform named it. */
export interface ChatAccount {
  platform: 'slack' | 'feishu';
  /** Slack member ID or Feishu open_id. */
  externalId: string;
  /** Slack workspace ID; null for Feishu. */
  teamId: string | null;
  /** Feishu union_id, when the callback carried it. */
  unionId?: string | null;
}

export interface ChatApprovalInput {
  via: 'slack' | 'feishu';
  account: ChatAccount;
  linked: LinkedUser | null;
  incidentId: string;
  /** null: the incident's known issue's playbook. */
  playbookId: string | null;
  ip: string;
}

export type ChatApprovalOutcome =
  | { ok: true; username: string; rollout: RolloutView }
  | { ok: false; reason: ChatRefusalReason; username: string | null; message: string };

export function accountLabel(account: ChatAccount): string {
  return account.platform === 'slack'
    ? `slack:${account.teamId ?? '?'}/${account.externalId}`
    : `feishu:${account.externalId}`;
}

/** What ApprovalsService's refusals mean for a chat user. */
function reasonOf(error: unknown): ChatRefusalReason | null {
  switch ((error as { code?: unknown }).code) {
    case IncidentsErrorCode.IncidentNotFound:
      return 'incident-not-found';
    case RemediationErrorCode.NoPlaybook:
      return 'no-playbook';
    case RemediationErrorCode.RolloutRunning:
      return 'rollout-running';
    case RemediationErrorCode.NothingToFix:
      return 'nothing-to-fix';
    case RemediationErrorCode.InvalidApproval:
      return 'invalid-approval';
    default:
      return null;
  }
}

@Injectable()
export class ChatApprovalsService {
  private readonly logger = new Logger('ChatApprovals');

  constructor(
    private readonly approvals: ApprovalsService,
    private readonly audit: AuditService,
  ) {}

  async approve(input: ChatApprovalInput): Promise<ChatApprovalOutcome> {
    const { linked, account } = input;
    const incident = { incidentId: input.incidentId, playbookId: input.playbookId };
    if (linked === null) {
      await this.refuse(input.via, 'unknown-user', { account, ip: input.ip, ...incident });
      return {
        ok: false,
        reason: 'unknown-user',
        username: null,
        message: `${accountLabel(account)} is not linked to an active FleetMedic user`,
      };
    }
    const { user } = linked;
    if (!roleAtLeast(user.role, 'approver')) {
      await this.refuse(input.via, 'role-too-low', {
        actor: userActor(user),
        account,
        ip: input.ip,
        ...incident,
        detail: { role: user.role, required: 'approver' },
      });
      return {
        ok: false,
        reason: 'role-too-low',
        username: user.username,
        message: `${user.username} acts as ${user.role}; approving needs approver`,
      };
    }
    try {
      const rollout = await this.approvals.approve(
        input.incidentId,
        input.playbookId === null ? {} : { playbookId: input.playbookId },
        { userId: user.id, username: user.username, actor: userActor(user), ip: input.ip, via: input.via },
      );
      return { ok: true, username: user.username, rollout };
    } catch (error) {
      const reason = reasonOf(error);
      if (reason === null) throw error;
      const message = error instanceof Error ? error.message : String(error);
      await this.refuse(input.via, reason, {
        actor: userActor(user),
        account,
        ip: input.ip,
        ...incident,
        detail: { message },
      });
      return { ok: false, reason, username: user.username, message };
    }
  }

  /**
   * Refusals are public (anyone can post a forged callback), so each address gets this many audit rows and
   * warnings a minute; past that the requests are still refused, and one line says the rest go unrecorded.
   */
  static readonly RECORDED_REFUSALS_PER_MINUTE = 30;
  private readonly recordedRefusals = new FailureLimiter(
    ChatApprovalsService.RECORDED_REFUSALS_PER_MINUTE,
    60_000,
  );

  /** Records a refusal (within the per-address budget above); never throws. */
  async refuse(
    via: ChatVia,
    reason: ChatRefusalReason,
    context: {
      actor?: AuditActor;
      account?: ChatAccount;
      ip: string | null;
      incidentId?: string | null;
      playbookId?: string | null;
      detail?: Record<string, unknown>;
    },
  ): Promise<void> {
    const account = context.account ? accountLabel(context.account) : null;
    const key = context.ip ?? 'unknown address';
    if (this.recordedRefusals.retryAfterSeconds(key) > 0) return;
    this.recordedRefusals.fail(key);
    if (this.recordedRefusals.retryAfterSeconds(key) > 0)
      this.logger.warn(
        `${ChatApprovalsService.RECORDED_REFUSALS_PER_MINUTE} chat approvals refused from ${key} within a minute: further refusals from it are not recorded for a while`,
      );
    this.logger.warn(
      `Refused a ${via} approval (${reason})${account ? ` from ${account}` : ''}${
        context.incidentId ? ` for incident ${context.incidentId}` : ''
      }`,
    );
    await this.audit.record({
      action: 'chat.approval.refused',
      outcome: 'denied',
      actor: context.actor ?? anonymousActor(account),
      target: context.incidentId ? `incident:${context.incidentId}` : null,
      ip: context.ip,
      detail: {
        via,
        reason,
        ...(account ? { account } : {}),
        ...(context.playbookId ? { playbookId: context.playbookId } : {}),
        ...context.detail,
      },
    });
  }
}
