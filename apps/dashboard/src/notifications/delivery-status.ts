/**
 * How a chat message went, in the words a reader needs: the API says `pending`, `delivered` or `dead`;
 * a pending message that has been tried and failed is retrying (with the error and when it is tried again),
 * one not tried yet is being sent. Also: a channel's latest state from its counts, the incident page's
 * grouping by channel, and how soon that page reads the status again.
 */
import type {
  ChannelDeliveryStats,
  ChannelType,
  IncidentStatus,
  NotificationDelivery,
  NotificationKind,
} from '@fleetmedic/protocol';

export type DeliveryState = 'sending' | 'retrying' | 'delivered' | 'dead';

export function deliveryStateOf(delivery: Pick<NotificationDelivery, 'status' | 'attempts'>): DeliveryState {
  switch (delivery.status) {
    case 'delivered':
      return 'delivered';
    case 'dead':
      return 'dead';
    case 'pending':
      return delivery.attempts > 0 ? 'retrying' : 'sending';
  }
}

/** Badge tone per state (the shared `.badge--*` classes): a mark and a word, never colour alone. */
export const DELIVERY_STATE_TONES: Record<DeliveryState, 'healthy' | 'info' | 'warn' | 'failing'> = {
  delivered: 'healthy',
  sending: 'info',
  retrying: 'warn',
  dead: 'failing',
};

export const DELIVERY_STATE_MARKS: Record<DeliveryState, string> = {
  delivered: '✓',
  sending: '…',
  retrying: '↻',
  dead: '✕',
};

// Message keys are camelCase; the wire's kebab-case kinds map onto them here.
const KIND_KEYS: Record<NotificationKind, string> = {
  opened: 'opened',
  grew: 'grew',
  resolved: 'resolved',
  reopened: 'reopened',
  'remediation-started': 'remediationStarted',
  'remediation-finished': 'remediationFinished',
  reminder: 'reminder',
  test: 'test',
};

/** The message key of what a message told (`notifications.kinds.*`). */
export function kindKey(kind: NotificationKind): string {
  return `notifications.kinds.${KIND_KEYS[kind]}`;
}

/** The message key of a platform's name (`channels.types.*`). */
export function channelTypeKey(type: ChannelType): string {
  return `channels.types.${type}`;
}

/**
 * A channel's state at a glance: `failing` when its latest attempt failed, `ok` when it delivered and has not
 * failed since, `sending` with only queued messages, `idle` when nothing was ever sent. Dead letters are
 * counted apart: a channel that works again may still hold old ones.
 */
export type ChannelHealth = 'ok' | 'failing' | 'sending' | 'idle';

export function channelHealthOf(stats: ChannelDeliveryStats): ChannelHealth {
  if (stats.lastError !== null) return 'failing';
  if (stats.lastDeliveredAt !== null) return 'ok';
  if (stats.pending > 0) return 'sending';
  return 'idle';
}

export interface ChannelDeliveries {
  channelId: string;
  channelName: string;
  channelType: ChannelType;
  /** Oldest first: the incident's story as the channel heard it. */
  deliveries: NotificationDelivery[];
  /** The newest message's state: what the channel has heard last, or is about to. */
  latest: DeliveryState;
}

/** Groups an incident's messages by channel, channels in the order they were first written to. */
export function groupByChannel(deliveries: readonly NotificationDelivery[]): ChannelDeliveries[] {
  const sorted = [...deliveries].sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id),
  );
  const groups = new Map<string, ChannelDeliveries>();
  for (const delivery of sorted) {
    const group = groups.get(delivery.channelId) ?? {
      channelId: delivery.channelId,
      channelName: delivery.channelName,
      channelType: delivery.channelType,
      deliveries: [],
      latest: deliveryStateOf(delivery),
    };
    group.deliveries.push(delivery);
    group.latest = deliveryStateOf(delivery);
    groups.set(delivery.channelId, group);
  }
  return [...groups.values()];
}

/** Reading again while a message is due; the answer comes back after the attempt, so a little later. */
const AFTER_DUE_MS = 500;
const MIN_REFRESH_MS = 1_000;
/** News of an open incident may go out any time (after the server's group wait, which the page does not know). */
export const OPEN_INCIDENT_REFRESH_MS = 5_000;
/** The resolution is told after the group wait too: keep reading for a while after it. */
export const AFTER_RESOLUTION_WATCH_MS = 2 * 60_000;

/**
 * How long until the incident page reads the messages again, or null when nothing more is expected: soon
 * when a message is due, every few seconds while the incident is open or just resolved.
 */
export function nextRefreshDelay(input: {
  deliveries: readonly Pick<NotificationDelivery, 'status' | 'nextAttemptAt'>[];
  incident: { status: IncidentStatus; resolvedAt: string | null } | null;
  now: number;
}): number | null {
  let delay: number | null = null;
  for (const delivery of input.deliveries) {
    if (delivery.status !== 'pending') continue;
    const due = delivery.nextAttemptAt === null ? input.now : Date.parse(delivery.nextAttemptAt);
    const wait = Math.max(MIN_REFRESH_MS, due - input.now + AFTER_DUE_MS);
    delay = Math.min(delay ?? wait, wait);
  }
  const incident = input.incident;
  const watching =
    incident !== null &&
    (incident.status === 'open' ||
      (incident.resolvedAt !== null &&
        input.now - Date.parse(incident.resolvedAt) < AFTER_RESOLUTION_WATCH_MS));
  if (watching) delay = Math.min(delay ?? OPEN_INCIDENT_REFRESH_MS, OPEN_INCIDENT_REFRESH_MS);
  return delay;
}
