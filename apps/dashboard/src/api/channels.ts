/**
 * Chat alerts: the `/api/channels` endpoints (admin) and what was sent about an incident
 * (`GET /api/incidents/:id/notifications`, anyone who may see the incident). Webhook URLs and signing
 * secrets go out in requests only: no answer carries them back.
 */
import type {
  Channel,
  ChannelDeliveriesQuery,
  ChannelList,
  CreateChannelRequest,
  NotificationDelivery,
  NotificationDeliveryList,
  UpdateChannelRequest,
} from '@fleetmedic/protocol';
import { deleteJson, getJson, patchJson, postJson } from './client';

const channelPath = (id: string): string => `/channels/${encodeURIComponent(id)}`;

export function listChannels(signal?: AbortSignal): Promise<ChannelList> {
  return getJson<ChannelList>('/channels', { signal });
}

export function createChannel(request: CreateChannelRequest): Promise<Channel> {
  return postJson<Channel>('/channels', request);
}

export function updateChannel(id: string, update: UpdateChannelRequest): Promise<Channel> {
  return patchJson<Channel>(channelPath(id), update);
}

/** Deletes the channel with its queued messages and delivery history. */
export function deleteChannel(id: string): Promise<void> {
  return deleteJson(channelPath(id));
}

/** Sends a test message; answers once the first attempt is over (delivered, or pending with the error). */
export function sendTestMessage(id: string): Promise<NotificationDelivery> {
  return postJson<NotificationDelivery>(`${channelPath(id)}/test`);
}

/** The channel's messages, newest first. */
export function listChannelDeliveries(
  id: string,
  query: Partial<ChannelDeliveriesQuery> = {},
  signal?: AbortSignal,
): Promise<NotificationDeliveryList> {
  return getJson<NotificationDeliveryList>(`${channelPath(id)}/deliveries`, {
    query: { status: query.status, limit: query.limit },
    signal,
  });
}

/** Sends a dead letter again; `409 DELIVERY_NOT_DEAD` when it is not one (any more). */
export function retryDelivery(channelId: string, deliveryId: string): Promise<NotificationDelivery> {
  return postJson<NotificationDelivery>(
    `${channelPath(channelId)}/deliveries/${encodeURIComponent(deliveryId)}/retry`,
  );
}

export function listIncidentNotifications(
  incidentId: string,
  signal?: AbortSignal,
): Promise<NotificationDeliveryList> {
  return getJson<NotificationDeliveryList>(`/incidents/${encodeURIComponent(incidentId)}/notifications`, {
    signal,
  });
}
