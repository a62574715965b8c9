/** The words of chat messages, in English and Simplified Chinese. */
import type {
  ChannelLanguage,
  CommonFactor,
  IncidentDetail,
  IncidentKnownIssue,
  NotificationKind,
} from '@fleetmedic/protocol';
import type { RemediationNews } from './alert-group.entity';

export interface AlertText {
  labels: {
    error: string;
    hosts: string;
    commonFactor: string;
    knownIssue: string;
    fix: string;
    remediation: string;
  };
  subject(incident: IncidentDetail): string;
  title(
    kind: Exclude<NotificationKind, 'test'>,
    incident: IncidentDetail,
    subject: string,
    remediation: RemediationNews | null,
  ): string;
  summary(
    kind: Exclude<NotificationKind, 'test'>,
    incident: IncidentDetail,
    remediation: RemediationNews | null,
  ): string;
  errorValue(incident: IncidentDetail, meaning: string | null): string;
  hostsValue(incident: IncidentDetail): string;
  factor(factor: CommonFactor): string;
  factorCounts(factor: CommonFactor): string;
  noCommonFactor: string;
  knownIssueValue(issue: IncidentKnownIssue): string;
  noKnownIssue: string;
  remediationValue(remediation: RemediationNews): string;
  openIncident: string;
  openDashboard: string;
  approveFix: string;
  approveConfirm(
    playbookId: string,
    failingHosts: number,
  ): { title: string; text: string; confirm: string; deny: string };
  noLink: string;
  footer(incident: IncidentDetail): string;
  testTitle(channelName: string): string;
  testSummary: string;
}

function codeOf(incident: IncidentDetail): string {
  if (incident.code === null) return '';
  return incident.symbol ? `${incident.code} (${incident.symbol})` : incident.code;
}

function minutesBetween(from: string, to: string | null): number {
  return Math.max(0, Math.round(((to ? Date.parse(to) : Date.now()) - Date.parse(from)) / 60_000));
}

const en: AlertText = {
  labels: {
    error: 'Error',
    hosts: 'PCs',
    commonFactor: 'What they share',
    knownIssue: 'Known issue',
    fix: 'Fix',
    remediation: 'Remediation',
  },
  subject(incident) {
    switch (incident.check) {
      case 'service':
        return `Service ${incident.target}`;
      case 'patch':
        return `Update ${incident.target.toUpperCase()}`;
      case 'reboot':
        return 'Pending restart';
      case 'registry':
        return `Registry ${incident.target}`;
    }
  },
  title(kind, incident, subject, remediation) {
    const code = codeOf(incident);
    const failing = code === '' ? `${subject} fails` : `${subject} fails with ${code}`;
    const pcs = (n: number) => `${n} PC${n === 1 ? '' : 's'}`;
    switch (kind) {
      case 'opened':
        return `${failing} on ${pcs(incident.hostCount)}`;
      case 'grew':
        return `Now ${pcs(incident.hostCount)}: ${failing}`;
      case 'reopened':
        return `Back again: ${failing} on ${pcs(incident.failingHostCount)}`;
      case 'reminder':
        return `Still open: ${failing} on ${pcs(incident.failingHostCount)}`;
      case 'resolved':
        return `Resolved: ${subject} healthy again on all ${pcs(incident.hostCount)}`;
      case 'remediation-started':
        return `Fix started on ${pcs(remediation?.hostCount ?? incident.failingHostCount)}: ${subject}`;
      case 'remediation-finished':
        return `Fix ${remediation?.outcome ?? 'finished'}: ${subject}`;
    }
  },
  summary(kind, incident, remediation) {
    switch (kind) {
      case 'opened':
        return `${incident.hostCount} PC${incident.hostCount === 1 ? '' : 's'} started failing the same way.`;
      case 'grew':
        return `More PCs fail the same way: ${incident.hostCount} in all, ${incident.failingHostCount} failing now.`;
      case 'reopened':
        return 'The failure came back after the incident had resolved.';
      case 'reminder':
        return `Open for ${minutesBetween(incident.openedAt, null)} min and not acknowledged yet.`;
      case 'resolved':
        return `Every affected PC has been healthy for the settle time; the incident lasted ${minutesBetween(
          incident.openedAt,
          incident.resolvedAt,
        )} min.`;
      case 'remediation-started':
        return `${remediation?.approvedBy ?? 'Someone'} approved playbook ${remediation?.playbookId ?? ''}; it runs on one PC first, then in waves.`;
      case 'remediation-finished':
        return remediation?.outcome === 'completed'
          ? `Playbook ${remediation.playbookId} ran: ${remediation.succeeded ?? 0} PC(s) fixed, ${remediation.failed ?? 0} failed.`
          : `Playbook ${remediation?.playbookId ?? ''} stopped (${remediation?.outcome ?? 'finished'})${
              remediation?.reason ? `: ${remediation.reason}` : ''
            }.`;
    }
  },
  errorValue(incident, meaning) {
    if (incident.code === null) return 'no error code reported';
    return meaning ? `${codeOf(incident)}: ${meaning}` : `${codeOf(incident)} (not in the code table)`;
  },
  hostsValue: (incident) => `${incident.hostCount} affected, ${incident.failingHostCount} failing now`,
  factor: (factor) => factor.label,
  factorCounts: (factor) =>
    `on ${factor.affected.count} of ${factor.affected.total} affected PCs, ${factor.healthy.count} of ${factor.healthy.total} healthy ones`,
  noCommonFactor: 'none stands out yet',
  knownIssueValue: (issue) =>
    issue.confirmed
      ? `${issue.title.en} (confirmed on ${issue.confirmedOnHosts} PC${issue.confirmedOnHosts === 1 ? '' : 's'})`
      : `${issue.title.en} (matches the code; not confirmed by evidence)`,
  noKnownIssue: 'none matches',
  remediationValue: (remediation) =>
    remediation.stage === 'started'
      ? `playbook ${remediation.playbookId} running on ${remediation.hostCount} PC(s), approved by ${remediation.approvedBy}`
      : `playbook ${remediation.playbookId} ${remediation.outcome ?? 'finished'}: ${remediation.succeeded ?? 0} fixed, ${remediation.failed ?? 0} failed`,
  openIncident: 'Open the incident',
  openDashboard: 'Open FleetMedic',
  approveFix: 'Approve fix',
  approveConfirm: (playbookId, failingHosts) => ({
    title: 'Approve the fix?',
    text: `Playbook ${playbookId} runs on the ${failingHosts} PC${failingHosts === 1 ? '' : 's'} still failing: one PC first, then the rest in waves. You approve as your FleetMedic user.`,
    confirm: 'Approve',
    deny: 'Cancel',
  }),
  noLink: 'No dashboard link: FLEETMEDIC_PUBLIC_URL is not set on the FleetMedic server.',
  footer: (incident) => `FleetMedic · ${incident.fingerprint} · incident ${incident.id}`,
  testTitle: (name) => `FleetMedic test message for channel “${name}”`,
  testSummary: 'If you can read this, incident alerts will reach this chat.',
};

const zh: AlertText = {
  labels: {
    error: '错误',
    hosts: '电脑',
    commonFactor: '共同因素',
    knownIssue: '已知问题',
    fix: '修复方法',
    remediation: '修复进度',
  },
  subject(incident) {
    switch (incident.check) {
      case 'service':
        return `服务 ${incident.target}`;
      case 'patch':
        return `更新 ${incident.target.toUpperCase()}`;
      case 'reboot':
        return '待重启';
      case 'registry':
        return `注册表 ${incident.target}`;
    }
  },
  title(kind, incident, subject, remediation) {
    const code = codeOf(incident);
    const failing = code === '' ? `${subject} 失败` : `${subject} 失败，错误 ${code}`;
    switch (kind) {
      case 'opened':
        return `${incident.hostCount} 台电脑上${failing}`;
      case 'grew':
        return `增至 ${incident.hostCount} 台电脑：${failing}`;
      case 'reopened':
        return `再次出现（${incident.failingHostCount} 台电脑）：${failing}`;
      case 'reminder':
        return `仍未解决（${incident.failingHostCount} 台电脑）：${failing}`;
      case 'resolved':
        return `已恢复：${incident.hostCount} 台电脑上的${subject}均已正常`;
      case 'remediation-started':
        return `开始修复 ${remediation?.hostCount ?? incident.failingHostCount} 台电脑：${subject}`;
      case 'remediation-finished':
        return remediation?.outcome === 'completed' ? `修复完成：${subject}` : `修复已停止：${subject}`;
    }
  },
  summary(kind, incident, remediation) {
    switch (kind) {
      case 'opened':
        return `${incident.hostCount} 台电脑出现了相同的故障。`;
      case 'grew':
        return `更多电脑出现相同故障：共 ${incident.hostCount} 台，当前 ${incident.failingHostCount} 台失败。`;
      case 'reopened':
        return '事件已恢复后，故障再次出现。';
      case 'reminder':
        return `已持续 ${minutesBetween(incident.openedAt, null)} 分钟，尚无人确认。`;
      case 'resolved':
        return `所有受影响的电脑均已稳定恢复；事件持续了 ${minutesBetween(incident.openedAt, incident.resolvedAt)} 分钟。`;
      case 'remediation-started':
        return `${remediation?.approvedBy ?? '有人'} 批准了修复剧本 ${remediation?.playbookId ?? ''}；先在一台电脑上执行，再分批执行。`;
      case 'remediation-finished':
        return remediation?.outcome === 'completed'
          ? `剧本 ${remediation.playbookId} 已执行：修复 ${remediation.succeeded ?? 0} 台，失败 ${remediation.failed ?? 0} 台。`
          : `剧本 ${remediation?.playbookId ?? ''} 已停止（${remediation?.outcome ?? '结束'}）${
              remediation?.reason ? `：${remediation.reason}` : ''
            }。`;
    }
  },
  errorValue(incident, meaning) {
    if (incident.code === null) return '未报告错误代码';
    return meaning ? `${codeOf(incident)}：${meaning}` : `${codeOf(incident)}（代码表中没有）`;
  },
  hostsValue: (incident) => `受影响 ${incident.hostCount} 台，当前失败 ${incident.failingHostCount} 台`,
  factor(factor) {
    switch (factor.kind) {
      case 'registry-key':
        return `注册表项 ${factor.value} 存在`;
      case 'os-build':
        return `系统内部版本 ${factor.value}`;
      case 'os-version':
        return `系统版本 ${factor.value}`;
      case 'edition':
        return `系统版本类型 ${factor.value}`;
      case 'kb':
        return `已安装 ${factor.value}`;
      case 'agent-version':
        return `代理版本 ${factor.value}`;
      case 'tag':
        return `标签 ${factor.value}`;
      case 'site':
        return `站点 ${factor.value}`;
      case 'domain':
        return `域 ${factor.value}`;
      case 'pending-reboot':
        return '等待重启';
      case 'registry-value':
        return factor.label;
    }
  },
  factorCounts: (factor) =>
    `受影响电脑 ${factor.affected.count}/${factor.affected.total} 台，正常电脑 ${factor.healthy.count}/${factor.healthy.total} 台`,
  noCommonFactor: '暂无明显共同因素',
  knownIssueValue: (issue) =>
    issue.confirmed
      ? `${issue.title['zh-CN']}（已在 ${issue.confirmedOnHosts} 台电脑上确认）`
      : `${issue.title['zh-CN']}（错误代码相符，尚无证据确认）`,
  noKnownIssue: '无匹配的已知问题',
  remediationValue: (remediation) =>
    remediation.stage === 'started'
      ? `剧本 ${remediation.playbookId} 正在 ${remediation.hostCount} 台电脑上执行，批准人 ${remediation.approvedBy}`
      : `剧本 ${remediation.playbookId} ${remediation.outcome === 'completed' ? '已完成' : '已停止'}：修复 ${remediation.succeeded ?? 0} 台，失败 ${remediation.failed ?? 0} 台`,
  openIncident: '查看事件',
  openDashboard: '打开 FleetMedic',
  approveFix: '批准修复',
  approveConfirm: (playbookId, failingHosts) => ({
    title: '批准修复？',
    text: `剧本 ${playbookId} 将在仍然失败的 ${failingHosts} 台电脑上执行：先在一台电脑上执行，再分批执行。您将以自己的 FleetMedic 用户身份批准。`,
    confirm: '批准',
    deny: '取消',
  }),
  noLink: '无仪表板链接：FleetMedic 服务器未设置 FLEETMEDIC_PUBLIC_URL。',
  footer: (incident) => `FleetMedic · ${incident.fingerprint} · 事件 ${incident.id}`,
  testTitle: (name) => `FleetMedic 测试消息（频道“${name}”）`,
  testSummary: '如果您看到这条消息，事件告警就能送达此群。',
};

export const ALERT_TEXT: Record<ChannelLanguage, AlertText> = { en, 'zh-CN': zh };
