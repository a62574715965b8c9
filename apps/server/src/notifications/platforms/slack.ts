/**
 * Slack incoming webhook: a JSON body with `text` (what notifications and screen readers show) and Block
 * Kit `blocks` (header, section, section fields, actions with a link button, context), as Slack documents
 * in "Sending messages using incoming webhooks" (https://api.slack.com/messaging/webhooks) and the block
 * reference (https://api.slack.com/reference/block-kit/blocks): header text at most 150 characters, section
 * text 3000, at most 10 fields of 2000 each. The webhook URL is the credential; Slack does not sign.
 *
 * "Approve fix", on a channel with the Slack app's signing secret, is a button element
 * (https://docs.slack.dev/reference/block-kit/block-elements/button-element: `action_id` at most 255
 * characters, `value` at most 2000, `style` primary or danger, one primary per set, an optional `confirm`)
 * with a confirmation dialog (https://docs.slack.dev/reference/block-kit/composition-objects/confirmation-dialog-object:
 * plain_text `title` at most 100 characters, `text` 300, `confirm` and `deny` 30). Slack sends its
 * `action_id` and `value` back to the app's interactivity Request URL (chat/slack). Elsewhere it is a link
 * button to the signed approval link.
 */
import type { AlertAction, AlertMessage } from '../alert-message';
import { approveValue } from './approve-action';
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
  if (message.actions.length > 0) {
    // Slack: primary "should only be used for one button within a set".
    const primary = message.actions.find((action) => action.id === 'approve-fix') ?? message.actions[0];
    blocks.push({
      type: 'actions',
      elements: message.actions.map((action) => slackButton(action, action === primary)),
    });
  }
  const context = message.linkNote === null ? message.footer : `${message.linkNote} ${message.footer}`;
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(escapeMrkdwn(context), 3000) }] });
  return { text: clip(`${message.title}: ${message.summary}`, 3000), blocks };
}

function slackButton(action: AlertAction, primary: boolean): unknown {
  const plain = (text: string, max: number) => ({ type: 'plain_text', text: clip(text, max) });
  return {
    type: 'button',
    action_id: action.id,
    text: plain(action.label, 75),
    ...(action.url !== null ? { url: clip(action.url, 3000) } : {}),
    ...(action.url === null && action.approve
      ? {
          value: approveValue({
            incidentId: action.approve.incidentId,
            playbookId: action.approve.playbookId,
          }),
          confirm: {
            title: plain(action.approve.confirm.title, 100),
            text: plain(action.approve.confirm.text, 300),
            confirm: plain(action.approve.confirm.confirm, 30),
            deny: plain(action.approve.confirm.deny, 30),
          },
        }
      : {}),
    ...(primary ? { style: 'primary' } : {}),
  };
}
