/** The message as the Markdown dialects of DingTalk, WeCom and Feishu (bold labels, links, quotes). */
import type { AlertMessage } from '../alert-message';

export interface MarkdownOptions {
  /** How a heading line looks: DingTalk renders `####`, WeCom and Feishu cards prefer bold. */
  heading: (title: string) => string;
  /** Whether links to the dashboard go in the text (platforms without buttons). */
  links: boolean;
}

export function markdownBody(message: AlertMessage, options: MarkdownOptions): string {
  const lines = [options.heading(message.title), '', message.summary, ''];
  for (const fact of message.facts) lines.push(`- **${fact.label}**: ${fact.value}`);
  if (message.facts.length > 0) lines.push('');
  if (options.links)
    for (const action of message.actions)
      if (action.url !== null) lines.push(`[${action.label}](${action.url})`, '');
  if (message.linkNote !== null) lines.push(`> ${message.linkNote}`, '');
  lines.push(`> ${message.footer}`);
  return lines.join('\n');
}
