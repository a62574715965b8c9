/**
 * Microsoft Teams through a Workflows webhook ("Post to a channel when a webhook request is received"):
 * Workflows post Adaptive Cards only (not the old connector MessageCard), sent in the message envelope
 * Microsoft documents for webhooks, `{"type": "message", "attachments": [{"contentType":
 * "application/vnd.microsoft.card.adaptive", "contentUrl": null, "content": <AdaptiveCard>}]}`
 * (https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using,
 * "Send Adaptive Cards using an Incoming Webhook", and its note on Workflows). Card version 1.4, which
 * Teams renders on every client. The URL (with its `sig` parameter) is the credential.
 */
import type { AlertMessage, AlertTone } from '../alert-message';

const COLOR: Record<AlertTone, string> = { alert: 'Attention', good: 'Good', info: 'Accent' };

export function renderTeams(message: AlertMessage): unknown {
  const body: unknown[] = [
    {
      type: 'TextBlock',
      text: message.title,
      weight: 'Bolder',
      size: 'Medium',
      color: COLOR[message.tone],
      wrap: true,
    },
    { type: 'TextBlock', text: message.summary, wrap: true },
  ];
  if (message.facts.length > 0)
    body.push({
      type: 'FactSet',
      facts: message.facts.map((fact) => ({ title: fact.label, value: fact.value })),
    });
  if (message.linkNote !== null)
    body.push({ type: 'TextBlock', text: message.linkNote, wrap: true, isSubtle: true, size: 'Small' });
  body.push({ type: 'TextBlock', text: message.footer, wrap: true, isSubtle: true, size: 'Small' });
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.4',
    body,
    ...(message.actions.some((action) => action.url !== null)
      ? {
          // Workflows webhooks post cards that cannot call back: every action opens a URL (the approval's is the
          // signed link into the dashboard).
          actions: message.actions
            .filter((action) => action.url !== null)
            .map((action) => ({ type: 'Action.OpenUrl', title: action.label, url: action.url })),
        }
      : {}),
    msteams: { width: 'Full' },
  };
  return {
    type: 'message',
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card },
    ],
  };
}
