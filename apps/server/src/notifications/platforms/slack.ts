/**
 * Slack incoming webhook: a JSON body with `text` (what notifications and screen readers show) and Block
 * Kit `blocks` (header, section, section fields, actions with a link button, context), as Slack documents
 * in "Sending messages using incoming webhooks" (https://api.slack.com/messaging/webhooks) and the block
 * reference (https://api.slack.com/reference/block-kit/blocks): header text at most 150 characters, section
 * text 3000, at most 10 fields of 2000 each. The webhook URL is the credential; Slack does not sign.
 * An approve button (issue 7, later) is one more element in the actions block, with an action_id that
 * Slack's interactivity request carries back.
 */
import type { AlertMessage } from '../alert-message';
import { clip } from './text-limits';

/** Slack's mrkdwn treats &, < and > as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function renderSlack(message: AlertMessage): unknown {
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(message.title, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(escapeMrkdwn(message.summary), 3000) } },
  ];
  if (message.facts.length > 0)
    blocks.push({
      type: 'section',
      fields: message.facts.slice(0, 10).map((fact) => ({
        type: 'mrkdwn',
        text: clip(`*${escapeMrkdwn(fact.label)}*\n${escapeMrkdwn(fact.value)}`, 2000),
      })),
    });
  if (message.actions.length > 0)
    blocks.push({
      type: 'actions',
      elements: message.actions.map((action) => ({
        type: 'button',
        action_id: action.id,
        text: { type: 'plain_text', text: clip(action.label, 75) },
        url: action.url,
        ...(action.id === 'open-incident' ? { style: 'primary' } : {}),
      })),
    });
  const context = message.linkNote === null ? message.footer : `${message.linkNote} ${message.footer}`;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(escapeMrkdwn(context), 3000) }] });
  return { text: clip(`${message.title}: ${message.summary}`, 3000), blocks };
}
