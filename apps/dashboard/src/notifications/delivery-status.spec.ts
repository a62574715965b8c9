import { describe, expect, it } from '@jest/globals';
import type { NotificationDelivery } from '@fleetmedic/protocol';
import { createI18nFor } from '../i18n';
import {
  AFTER_RESOLUTION_WATCH_MS,
  OPEN_INCIDENT_REFRESH_MS,
  channelHealthOf,
  channelTypeKey,
  deliveryStateOf,
  groupByChannel,
  kindKey,
  nextRefreshDelay,
} from './delivery-status';

const NOW = Date.parse('2026-11-22T09:00:00.000Z');

function delivery(overrides: Partial<NotificationDelivery> = {}): NotificationDelivery {
  return {
    id: '0190f3c2-7b00-7000-8000-00000000d001',
    channelId: 'c1',
    channelName: 'Ops',
    channelType: 'slack',
    incidentId: 'i1',
    kind: 'opened',
    headline: 'Service Spooler fails with 0x80070057 (E_INVALIDARG) on 5 PCs',
    status: 'delivered',
    attempts: 1,
    createdAt: '2026-11-22T08:50:08.000Z',
    nextAttemptAt: null,
    lastAttemptAt: '2026-11-22T08:50:08.100Z',
    deliveredAt: '2026-11-22T08:50:08.200Z',
    lastStatusCode: 200,
    lastError: null,
    ...overrides,
  };
}

describe('delivery states', () => {
  it('tells a message being sent from one that failed and waits for its next attempt', () => {
    expect(deliveryStateOf({ status: 'pending', attempts: 0 })).toBe('sending');
    expect(deliveryStateOf({ status: 'pending', attempts: 2 })).toBe('retrying');
    expect(deliveryStateOf({ status: 'delivered', attempts: 3 })).toBe('delivered');
    expect(deliveryStateOf({ status: 'dead', attempts: 10 })).toBe('dead');
  });

  it('names states, news and platforms in English and Chinese', () => {
    const en = createI18nFor('en').global.t;
    const zh = createI18nFor('zh-CN').global.t;
    expect(en('notifications.states.retrying')).toBe('Retrying');
    expect(zh('notifications.states.dead')).toBe('死信');
    expect(en(kindKey('remediation-finished'))).toBe('Fix ended');
    expect(zh(kindKey('opened'))).toBe('新故障');
    expect(en(channelTypeKey('webhook'))).toBe('Generic webhook');
    expect(zh(channelTypeKey('dingtalk'))).toBe('钉钉');
    expect(zh(channelTypeKey('wecom'))).toBe('企业微信');
    expect(en('notifications.retrying', { n: 2, time: '09:00:13' })).toBe(
      'Attempt 2 failed; next at 09:00:13',
    );
    expect(zh('notifications.dead', { n: 10 })).toBe('尝试 10 次后放弃');
  });

  it('reads a channel as failing while its latest attempt failed, whatever it delivered before', () => {
    const stats = { pending: 0, delivered: 0, dead: 0, lastDeliveredAt: null, lastError: null };
    expect(channelHealthOf(stats)).toBe('idle');
    expect(channelHealthOf({ ...stats, pending: 1 })).toBe('sending');
    expect(channelHealthOf({ ...stats, delivered: 3, lastDeliveredAt: '2026-11-22T08:00:00.000Z' })).toBe(
      'ok',
    );
    expect(
      channelHealthOf({
        ...stats,
        delivered: 3,
        dead: 1,
        lastDeliveredAt: '2026-11-22T08:00:00.000Z',
        lastError: 'HTTP 404: no such hook',
      }),
    ).toBe('failing');
  });
});

describe("an incident's messages by channel", () => {
  it('groups them oldest first, each channel showing where its latest message stands', () => {
    const groups = groupByChannel([
      delivery({
        id: 'd3',
        channelId: 'c2',
        channelName: '运维群',
        channelType: 'dingtalk',
        createdAt: '2026-11-22T08:50:09.000Z',
        status: 'pending',
        attempts: 2,
      }),
      delivery({
        id: 'd2',
        kind: 'grew',
        createdAt: '2026-11-22T08:52:00.000Z',
        status: 'dead',
        attempts: 10,
      }),
      delivery({ id: 'd1' }),
    ]);
    expect(
      groups.map((group) => [group.channelName, group.latest, group.deliveries.map((d) => d.id)]),
    ).toEqual([
      ['Ops', 'dead', ['d1', 'd2']],
      ['运维群', 'retrying', ['d3']],
    ]);
  });
});

describe('how soon the incident page reads the messages again', () => {
  const open = { status: 'open' as const, resolvedAt: null };

  it('reads every few seconds while the incident is open, sooner when a retry is due', () => {
    expect(nextRefreshDelay({ deliveries: [], incident: open, now: NOW })).toBe(OPEN_INCIDENT_REFRESH_MS);
    const dueIn2s = delivery({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: new Date(NOW + 2_000).toISOString(),
    });
    expect(nextRefreshDelay({ deliveries: [dueIn2s], incident: open, now: NOW })).toBe(2_500);
    // Overdue (being sent now): a second later, not in a tight loop.
    const overdue = delivery({
      status: 'pending',
      attempts: 0,
      nextAttemptAt: new Date(NOW - 5_000).toISOString(),
    });
    expect(nextRefreshDelay({ deliveries: [overdue], incident: open, now: NOW })).toBe(1_000);
  });

  it('keeps reading a little after the resolution (its message follows the group wait), then stops', () => {
    const justResolved = { status: 'resolved' as const, resolvedAt: new Date(NOW - 10_000).toISOString() };
    expect(nextRefreshDelay({ deliveries: [delivery()], incident: justResolved, now: NOW })).toBe(
      OPEN_INCIDENT_REFRESH_MS,
    );
    const longResolved = {
      status: 'resolved' as const,
      resolvedAt: new Date(NOW - AFTER_RESOLUTION_WATCH_MS).toISOString(),
    };
    expect(
      nextRefreshDelay({
        deliveries: [delivery(), delivery({ status: 'dead' })],
        incident: longResolved,
        now: NOW,
      }),
    ).toBeNull();
    // A retry minutes away on a long-resolved incident is still read when due.
    const retryIn3min = delivery({
      status: 'pending',
      attempts: 4,
      nextAttemptAt: new Date(NOW + 180_000).toISOString(),
    });
    expect(nextRefreshDelay({ deliveries: [retryIn3min], incident: longResolved, now: NOW })).toBe(180_500);
  });
});
