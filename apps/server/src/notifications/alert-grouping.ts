/**
 * Grouping like Alertmanager's, decided by pure functions over persisted state.
 *
 * - Group wait: an incident's news goes out once nothing new has happened to it for `groupWaitMs` (the
 *   burst settled), and at the latest `groupIntervalMs` after its first untold news (a slow, steady spread
 *   is still told).
 * - Group interval: two messages about one incident to one channel are at least `groupIntervalMs` apart;
 *   what happens meanwhile is told together in the next one.
 * - Repeat interval: an incident still open and not acknowledged is recalled `repeatIntervalMs` after the
 *   last message about it (0: never).
 * - Never the same news twice: what each channel has been told is kept; a message goes only when the
 *   incident differs from it, and each piece of news has a key the outbox accepts once per channel.
 */
import type { NotificationKind } from '@fleetmedic/protocol';
import type { RemediationNews } from './alert-group.entity';

export interface GroupingSettings {
  groupWaitMs: number;
  groupIntervalMs: number;
  repeatIntervalMs: number;
}

/** What the incident is now, as far as news goes. */
export interface IncidentNow {
  id: string;
  status: 'open' | 'resolved';
  hostCount: number;
  acknowledged: boolean;
  remediation: RemediationNews | null;
}

/** What a channel has been told about an incident. */
export interface Told {
  status: 'open' | 'resolved';
  hostCount: number;
  /** How many times it was told the incident reopened. */
  episode: number;
  remediation: string | null;
  toldAt: number;
}

export interface News {
  kind: Exclude<NotificationKind, 'test'>;
  /** Unique per channel: the outbox takes each key once. */
  dedupeKey: string;
  /** What the channel will have been told once this goes. */
  told: Omit<Told, 'toldAt'>;
}

export function remediationKey(remediation: RemediationNews | null): string | null {
  return remediation === null ? null : `${remediation.rolloutId}:${remediation.stage}`;
}

/**
 * When the untold news of an incident is due: once it settled, or at the latest a group interval (never
 * less than the group wait) after it began.
 */
export function settledAt(pendingSince: number, lastChangeAt: number, settings: GroupingSettings): number {
  return Math.min(
    lastChangeAt + settings.groupWaitMs,
    pendingSince + Math.max(settings.groupIntervalMs, settings.groupWaitMs),
  );
}

/** The earliest a channel told at `toldAt` may hear about the incident again. */
export function nextAllowedAt(told: Told | null, settings: GroupingSettings): number {
  return told === null ? Number.NEGATIVE_INFINITY : told.toldAt + settings.groupIntervalMs;
}

/** When a reminder would be due, or null when none will be. */
export function reminderDueAt(
  told: Told | null,
  incident: IncidentNow,
  settings: GroupingSettings,
): number | null {
  if (told === null || settings.repeatIntervalMs <= 0) return null;
  if (incident.status !== 'open' || told.status !== 'open' || incident.acknowledged) return null;
  return told.toldAt + settings.repeatIntervalMs;
}

/**
 * The news for a channel, or null: what differs between the incident and what the channel was told.
 * Several changes at once make one message, named by the weightiest (resolution or reopening, then
 * remediation, then growth); it shows the incident as it is now.
 */
export function newsFor(
  told: Told | null,
  incident: IncidentNow,
  now: number,
  settings: GroupingSettings,
): News | null {
  const remediation = remediationKey(incident.remediation);
  const base = { status: incident.status, hostCount: incident.hostCount, remediation };
  const id = incident.id;
  if (told === null) {
    // An incident that opened and resolved before anyone was told is no news.
    if (incident.status === 'resolved') return null;
    return { kind: 'opened', dedupeKey: `${id}:opened`, told: { ...base, episode: 0 } };
  }
  if (told.status === 'open' && incident.status === 'resolved')
    return {
      kind: 'resolved',
      dedupeKey: `${id}:resolved:${told.episode}`,
      told: { ...base, episode: told.episode },
    };
  if (told.status === 'resolved' && incident.status === 'open') {
    const episode = told.episode + 1;
    return { kind: 'reopened', dedupeKey: `${id}:reopened:${episode}`, told: { ...base, episode } };
  }
  if (remediation !== null && remediation !== told.remediation && incident.remediation !== null)
    return {
      kind: incident.remediation.stage === 'started' ? 'remediation-started' : 'remediation-finished',
      dedupeKey: `${id}:remediation:${remediation}`,
      told: { ...base, episode: told.episode },
    };
  if (incident.status === 'open' && incident.hostCount > told.hostCount)
    return {
      kind: 'grew',
      dedupeKey: `${id}:grew:${told.episode}:${incident.hostCount}`,
      told: { ...base, episode: told.episode },
    };
  const reminder = reminderDueAt(told, incident, settings);
  if (reminder !== null && now >= reminder)
    return {
      kind: 'reminder',
      dedupeKey: `${id}:reminder:${new Date(told.toldAt).toISOString()}`,
      told: { ...base, hostCount: Math.max(told.hostCount, incident.hostCount), episode: told.episode },
    };
  return null;
}
