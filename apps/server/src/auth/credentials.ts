/** Where a person's credentials travel: a Bearer API token, or the dashboard's session cookie. */

export const SESSION_COOKIE = 'fleetmedic_session';

export interface PresentedCredentials {
  bearer?: string;
  session?: string;
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(authorization ?? '');
  return match?.[1];
}

export function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator === -1 || part.slice(0, separator).trim() !== name) continue;
    const value = part.slice(separator + 1).trim();
    return value === '' ? undefined : value;
  }
  return undefined;
}

export function credentialsFromHeaders(headers: {
  authorization?: string | string[];
  cookie?: string | string[];
}): PresentedCredentials {
  const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);
  const bearer = bearerToken(first(headers.authorization));
  const session = cookieValue(first(headers.cookie), SESSION_COOKIE);
  return { ...(bearer ? { bearer } : {}), ...(session ? { session } : {}) };
}
