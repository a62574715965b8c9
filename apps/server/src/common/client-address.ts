import type { Request } from 'express';

/** The address a request came from, for rate limits and the audit log. */
export function clientAddress(request: Request): string {
  return request.ip ?? request.socket.remoteAddress ?? 'unknown';
}
