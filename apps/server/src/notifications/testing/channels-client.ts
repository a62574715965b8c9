/** Specs' calls to the channels API, as an admin by API token unless told otherwise. */
import type { Channel, CreateChannelRequest, NotificationDeliveryList } from '@fleetmedic/protocol';
import type { RunningServer } from '../../server';
import { adminHeaders } from '../../testing/test-server';

export type ChannelInput = Omit<CreateChannelRequest, 'name' | 'language' | 'enabled' | 'filters'> &
  Partial<Pick<CreateChannelRequest, 'name' | 'language' | 'enabled' | 'filters'>>;

export async function callApi(
  server: Pick<RunningServer, 'url'>,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = adminHeaders,
): Promise<{ status: number; text: string; json: unknown }> {
  const response = await fetch(`${server.url}${route}`, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, text, json };
}

export async function createChannel(
  server: Pick<RunningServer, 'url'>,
  input: ChannelInput,
): Promise<Channel> {
  const answer = await callApi(server, 'POST', '/api/channels', { name: `${input.type} channel`, ...input });
  if (answer.status !== 201) throw new Error(`create channel: ${answer.status} ${answer.text}`);
  return answer.json as Channel;
}

export async function incidentNotifications(
  server: Pick<RunningServer, 'url'>,
  incidentId: string,
): Promise<NotificationDeliveryList> {
  const answer = await callApi(server, 'GET', `/api/incidents/${incidentId}/notifications`);
  if (answer.status !== 200) throw new Error(`incident notifications: ${answer.status} ${answer.text}`);
  return answer.json as NotificationDeliveryList;
}
