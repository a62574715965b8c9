/**
 * The generic webhook: the news as JSON (documented in docs/alerts.md), signed so the receiver can tell it
 * came from this FleetMedic and was not replayed:
 *
 *   X-FleetMedic-Timestamp: <epoch seconds>
 *   X-FleetMedic-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>
 *
 * over the exact bytes of the body. X-FleetMedic-Delivery carries the delivery id (the same on every attempt
 * of one message: delivery is at least once, so a receiver drops an id it has seen).
 */
import { createHmac } from 'node:crypto';
import type { AlertMessage } from '../alert-message';

export const WEBHOOK_PAYLOAD_VERSION = 1;

export function renderWebhook(message: AlertMessage, deliveryId: string): unknown {
  return {
    source: 'fleetmedic',
    version: WEBHOOK_PAYLOAD_VERSION,
    deliveryId,
    kind: message.kind,
    language: message.language,
    title: message.title,
    summary: message.summary,
    facts: message.facts,
    actions: message.actions.map(({ id, label, url }) => ({ id, label, url })),
    linkNote: message.linkNote,
    ...message.data,
  };
}

export function webhookSignature(secret: string, timestampSeconds: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestampSeconds}.${body}`, 'utf8').digest('hex')}`;
}
