/**
 * Slack as it calls FleetMedic, for specs: a block_actions payload for a button pressed by a member, form
 * encoded in one `payload` field and signed exactly as Slack documents (v0:{timestamp}:{body}, HMAC-SHA256
 * with the signing secret, hex, `v0=`), computed here independently of the server's own code.
 */
import { createHmac } from 'node:crypto';
import type { RunningServer } from '../../server';

export interface SlackPress {
  memberId: string;
  teamId: string;
  actionId: string;
  value: string;
  responseUrl: string;
}

export function blockActionsPayload(press: SlackPress): object {
  return {
    type: 'block_actions',
    user: { id: press.memberId, username: 'member', name: 'member', team_id: press.teamId },
    api_app_id: 'A0FLEETMEDIC',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0OPS', is_ephemeral: false },
    trigger_id: `${Date.now()}.1234.abcdef`,
    team: { id: press.teamId, domain: 'fleet' },
    channel: { id: 'C0OPS', name: 'ops' },
    response_url: press.responseUrl,
    actions: [
      {
        action_id: press.actionId,
        block_id: 'actions',
        text: { type: 'plain_text', text: 'Approve fix' },
        value: press.value,
        type: 'button',
        action_ts: '1700000001.000200',
      },
    ],
  };
}

export function formBody(payload: object): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function signSlack(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export async function postSlack(
  server: Pick<RunningServer, 'url'>,
  body: string,
  headers: Record<string, string>,
): Promise<{ status: number; text: string }> {
  const response = await fetch(`${server.url}/api/chat/slack/interactions`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body,
  });
  return { status: response.status, text: await response.text() };
}

/** Signs `body` with `secret` at `timestamp` (epoch seconds, now by default) and posts it. */
export function postSignedSlack(
  server: Pick<RunningServer, 'url'>,
  secret: string,
  body: string,
  timestamp = Math.floor(Date.now() / 1000),
): Promise<{ status: number; text: string }> {
  return postSlack(server, body, {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': signSlack(secret, timestamp, body),
  });
}
