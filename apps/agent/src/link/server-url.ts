/** The server's base URL as given on the command line, and the addresses the agent derives from it. */

/** `http://fleet:3000/` → `http://fleet:3000`; refuses anything but an http(s) URL, naming the problem. */
export function normalizeServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new Error(`"${input}" is not a URL: expected something like http://fleetmedic.example:3000`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(
      `"${input}" is not an http(s) URL: expected something like http://fleetmedic.example:3000`,
    );
  }
  return url.toString().replace(/\/+$/, '');
}

export function enrollmentUrl(serverUrl: string): string {
  return `${normalizeServerUrl(serverUrl)}/api/agents/enroll`;
}
