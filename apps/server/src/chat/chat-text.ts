/** What FleetMedic answers in chat when someone presses Approve, in English and Simplified Chinese. */
import type { ChannelLanguage, RolloutView } from '@fleetmedic/protocol';
import type { ChatRefusalReason } from './chat-approvals.service';

export interface ChatReplyText {
  approved(username: string, rollout: RolloutView): string;
  refused(reason: ChatRefusalReason, username: string | null): string;
  followIt(url: string): string;
}

const pcs = (n: number) => `${n} PC${n === 1 ? '' : 's'}`;

const en: ChatReplyText = {
  approved: (username, rollout) =>
    `${username} approved playbook ${rollout.playbookId} on ${pcs(rollout.hostCount)}: one PC first, then the rest in waves of at most ${rollout.parallelism}.`,
  refused(reason, username) {
    switch (reason) {
      case 'unknown-user':
        return 'Your chat account is not linked to a FleetMedic user, so FleetMedic cannot tell who approves. Ask a FleetMedic admin to link it (Users → chat identities).';
      case 'role-too-low':
        return `${username ?? 'Your user'} may not approve fixes: that needs the approver role in FleetMedic.`;
      case 'incident-not-found':
        return 'FleetMedic no longer has this incident.';
      case 'no-playbook':
        return 'No known fix (playbook) applies to this incident; nothing was started.';
      case 'rollout-running':
        return 'A fix of this incident is already running; nothing new was started.';
      case 'nothing-to-fix':
        return 'Nothing is left to fix: the incident is resolved or every PC has recovered.';
      case 'invalid-approval':
        return 'FleetMedic refused this approval (the fix no longer fits the incident); open the incident to review it.';
      case 'bad-signature':
      case 'stale-timestamp':
      case 'replayed':
      case 'invalid-payload':
      case 'link-invalid':
      case 'link-expired':
        return 'FleetMedic could not take this approval.';
    }
  },
  followIt: (url) => `Follow it in FleetMedic: ${url}`,
};

const zh: ChatReplyText = {
  approved: (username, rollout) =>
    `${username} 批准了修复剧本 ${rollout.playbookId}（${rollout.hostCount} 台电脑）：先在一台电脑上执行，再分批执行，每批最多 ${rollout.parallelism} 台。`,
  refused(reason, username) {
    switch (reason) {
      case 'unknown-user':
        return '您的聊天账号尚未关联 FleetMedic 用户，无法确认批准人。请联系 FleetMedic 管理员关联（用户 → 聊天身份）。';
      case 'role-too-low':
        return `${username ?? '您的用户'} 无权批准修复：需要 FleetMedic 的 approver（批准人）角色。`;
      case 'incident-not-found':
        return 'FleetMedic 中已没有此事件。';
      case 'no-playbook':
        return '此事件没有适用的已知修复（剧本），未启动任何操作。';
      case 'rollout-running':
        return '此事件的修复已在进行中，未启动新的修复。';
      case 'nothing-to-fix':
        return '已无需修复：事件已恢复，或所有电脑均已恢复正常。';
      case 'invalid-approval':
        return 'FleetMedic 拒绝了此次批准（修复已不适用于该事件），请打开事件查看。';
      case 'bad-signature':
      case 'stale-timestamp':
      case 'replayed':
      case 'invalid-payload':
      case 'link-invalid':
      case 'link-expired':
        return 'FleetMedic 无法处理此次批准。';
    }
  },
  followIt: (url) => `在 FleetMedic 中查看进度：${url}`,
};

export const CHAT_REPLY_TEXT: Record<ChannelLanguage, ChatReplyText> = { en, 'zh-CN': zh };
