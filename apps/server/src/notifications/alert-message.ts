/**
 * What a chat message says about an incident, before any platform's format: a title, one sentence of news,
 * the facts (the code and what it means, how many PCs, the top common factor, the known issue and its fix,
 * remediation), and actions (approve the fix, open the incident in the dashboard). Platforms render it their
 * way (`platforms/`). An action is a button where the platform has buttons and a link where it has not; the
 * approval is a button that calls FleetMedic back where the channel is set up for it (Slack with a signing
 * secret, a Feishu app bot), and a signed, expiring link into the dashboard elsewhere.
 */
import type { ChannelLanguage, CommonFactor, IncidentDetail, NotificationKind } from '@fleetmedic/protocol';
import type { RemediationNews } from './alert-group.entity';
import { ALERT_TEXT, type AlertText } from './alert-text';

/** The message's tone: platforms colour it (red, green, blue). */
export type AlertTone = 'alert' | 'good' | 'info';

export interface AlertFact {
  label: string;
  value: string;
}

export interface AlertAction {
  id: 'open-incident' | 'open-dashboard' | 'approve-fix';
  label: string;
  /** Where the link goes; null for a button that calls FleetMedic back (`approve`). */
  url: string | null;
  /** approve-fix: what it approves, and the confirmation a platform shows before calling back. */
  approve?: {
    incidentId: string;
    playbookId: string;
    confirm: { title: string; text: string; confirm: string; deny: string };
  };
}

/** How a channel's message offers the approval of the incident's fix. */
export type ApprovalOffer =
  { mode: 'button'; playbookId: string } | { mode: 'link'; playbookId: string; url: string };

export interface AlertMessage {
  kind: NotificationKind;
  language: ChannelLanguage;
  tone: AlertTone;
  title: string;
  summary: string;
  facts: AlertFact[];
  actions: AlertAction[];
  /** Said instead of a link when the server has no public URL to link to. */
  linkNote: string | null;
  footer: string;
  /** The same news as data, for the generic webhook. */
  data: AlertData;
}

export interface AlertData {
  incident: {
    id: string;
    url: string | null;
    fingerprint: string;
    check: string;
    target: string;
    code: string | null;
    symbol: string | null;
    status: string;
    hostCount: number;
    failingHostCount: number;
    openedAt: string;
    resolvedAt: string | null;
    acknowledgedAt: string | null;
  } | null;
  decoded: { code: string; symbol: string | null; meaning: string | null } | null;
  topCommonFactor: {
    factor: string;
    label: string;
    affected: { count: number; total: number };
    healthy: { count: number; total: number };
    pValue: number;
  } | null;
  knownIssue: {
    id: string;
    title: string;
    fix: string;
    playbook: string | null;
    risk: string;
    confirmed: boolean;
  } | null;
  remediation: RemediationNews | null;
}

export interface IncidentMessageInput {
  kind: Exclude<NotificationKind, 'test'>;
  language: ChannelLanguage;
  incident: IncidentDetail;
  remediation: RemediationNews | null;
  /** FLEETMEDIC_PUBLIC_URL, when set. */
  publicUrl: string | null;
  /** Offer to approve the fix (an open incident with a playbook and no fix running); null: no offer. */
  approval?: ApprovalOffer | null;
}

export function incidentUrl(publicUrl: string | null, incidentId: string): string | null {
  return publicUrl === null ? null : `${publicUrl.replace(/\/+$/, '')}/incidents/${incidentId}`;
}

function toneOf(kind: NotificationKind, remediation: RemediationNews | null): AlertTone {
  switch (kind) {
    case 'opened':
    case 'grew':
    case 'reopened':
    case 'reminder':
      return 'alert';
    case 'resolved':
      return 'good';
    case 'remediation-started':
    case 'test':
      return 'info';
    case 'remediation-finished':
      return remediation?.outcome === 'completed' ? 'good' : 'alert';
  }
}

export function commonFactorPhrase(factor: CommonFactor, text: AlertText): string {
  return `${text.factor(factor)} — ${text.factorCounts(factor)}`;
}

export function buildIncidentMessage(input: IncidentMessageInput): AlertMessage {
  const { incident, language, kind, remediation } = input;
  const text = ALERT_TEXT[language];
  const url = incidentUrl(input.publicUrl, incident.id);
  const decoded = incident.decoded;
  const meaning = decoded?.meaning?.[language] ?? null;
  const [factor] = incident.commonFactors;
  const [knownIssue] = incident.knownIssues;
  const subject = text.subject(incident);

  const facts: AlertFact[] = [];
  facts.push({ label: text.labels.error, value: text.errorValue(incident, meaning) });
  facts.push({ label: text.labels.hosts, value: text.hostsValue(incident) });
  facts.push({
    label: text.labels.commonFactor,
    value: factor ? commonFactorPhrase(factor, text) : text.noCommonFactor,
  });
  if (knownIssue) {
    facts.push({ label: text.labels.knownIssue, value: text.knownIssueValue(knownIssue) });
    facts.push({ label: text.labels.fix, value: knownIssue.fix[language] });
  } else {
    facts.push({ label: text.labels.knownIssue, value: text.noKnownIssue });
  }
  if (remediation) facts.push({ label: text.labels.remediation, value: text.remediationValue(remediation) });

  return {
    kind,
    language,
    tone: toneOf(kind, remediation),
    title: text.title(kind, incident, subject, remediation),
    summary: text.summary(kind, incident, remediation),
    facts,
    actions: [
      ...(input.approval ? [approveAction(input.approval, incident, text)] : []),
      ...(url === null ? [] : [{ id: 'open-incident' as const, label: text.openIncident, url }]),
    ],
    linkNote: url === null ? text.noLink : null,
    footer: text.footer(incident),
    data: {
      incident: {
        id: incident.id,
        url,
        fingerprint: incident.fingerprint,
        check: incident.check,
        target: incident.target,
        code: incident.code,
        symbol: incident.symbol,
        status: incident.status,
        hostCount: incident.hostCount,
        failingHostCount: incident.failingHostCount,
        openedAt: incident.openedAt,
        resolvedAt: incident.resolvedAt,
        acknowledgedAt: incident.acknowledgedAt,
      },
      decoded: decoded ? { code: decoded.code, symbol: decoded.symbol, meaning } : null,
      topCommonFactor: factor
        ? {
            factor: factor.factor,
            label: factor.label,
            affected: factor.affected,
            healthy: factor.healthy,
            pValue: factor.pValue,
          }
        : null,
      knownIssue: knownIssue
        ? {
            id: knownIssue.id,
            title: knownIssue.title[language],
            fix: knownIssue.fix[language],
            playbook: knownIssue.playbook,
            risk: knownIssue.risk,
            confirmed: knownIssue.confirmed,
          }
        : null,
      remediation,
    },
  };
}

function approveAction(offer: ApprovalOffer, incident: IncidentDetail, text: AlertText): AlertAction {
  return {
    id: 'approve-fix',
    label: text.approveFix,
    url: offer.mode === 'link' ? offer.url : null,
    approve: {
      incidentId: incident.id,
      playbookId: offer.playbookId,
      confirm: text.approveConfirm(offer.playbookId, incident.failingHostCount),
    },
  };
}

export function buildTestMessage(
  language: ChannelLanguage,
  channelName: string,
  publicUrl: string | null,
): AlertMessage {
  const text = ALERT_TEXT[language];
  const url = publicUrl === null ? null : `${publicUrl.replace(/\/+$/, '')}/`;
  return {
    kind: 'test',
    language,
    tone: 'info',
    title: text.testTitle(channelName),
    summary: text.testSummary,
    facts: [],
    actions: url === null ? [] : [{ id: 'open-dashboard', label: text.openDashboard, url }],
    linkNote: url === null ? text.noLink : null,
    footer: 'FleetMedic',
    data: { incident: null, decoded: null, topCommonFactor: null, knownIssue: null, remediation: null },
  };
}
