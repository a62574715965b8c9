/**
 * Keeps a channel's secrets out of text that is stored, logged or answered: an error message, a platform's
 * answer. The webhook URL's path and query are secret (Slack and Feishu put the token in the path, DingTalk,
 * WeCom and Teams in the query), and so is the signing secret.
 */
export interface ChannelSecrets {
  webhookUrl: string;
  signingSecret: string | null;
  /** Any other secret of the channel (a Slack signing secret, a Feishu app's secrets and token). */
  others?: readonly (string | null | undefined)[];
}

/** Every piece of the channel's secrets worth hiding, longest first. */
export function secretPartsOf(secrets: ChannelSecrets): string[] {
  const parts = new Set<string>([secrets.webhookUrl]);
  if (secrets.signingSecret) parts.add(secrets.signingSecret);
  for (const other of secrets.others ?? []) if (other) parts.add(other);
  try {
    const url = new URL(secrets.webhookUrl);
    if (url.pathname.length > 1) parts.add(url.pathname);
    if (url.search.length > 1) parts.add(url.search.slice(1));
    for (const segment of url.pathname.split('/')) if (segment.length >= 6) parts.add(segment);
    for (const value of url.searchParams.values()) if (value.length >= 6) parts.add(value);
    for (const segment of [...parts]) {
      const encoded = encodeURIComponent(segment);
      if (encoded !== segment) parts.add(encoded);
    }
  } catch {
    // not a URL: only the whole string is known to be secret
  }
  return [...parts].sort((a, b) => b.length - a.length);
}

export function scrubSecrets(text: string, secrets: ChannelSecrets): string {
  let out = text;
  for (const part of secretPartsOf(secrets)) out = out.split(part).join('[redacted]');
  return out;
}
