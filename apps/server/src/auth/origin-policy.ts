/**
 * Which browser origins may use the session cookie to change things or open `/live`: the server's own
 * (as the browser addressed it), FLEETMEDIC_PUBLIC_URL's, and FLEETMEDIC_DASHBOARD_ORIGINS.
 */
import type { ServerConfig } from '../config/config.schema';

export function allowedOrigins(config: ServerConfig): string[] {
  const origins = [...config.auth.dashboardOrigins];
  if (config.publicUrl) origins.push(new URL(config.publicUrl).origin);
  return origins;
}

/** True when a browser request comes from an allowed origin, or shows no sign of being cross-site. */
export function fromAllowedOrigin(
  config: ServerConfig,
  request: { origin?: string; host?: string; secFetchSite?: string },
): boolean {
  if (request.origin === undefined) return request.secFetchSite !== 'cross-site';
  const own = [`http://${request.host ?? ''}`, `https://${request.host ?? ''}`];
  return [...own, ...allowedOrigins(config)].includes(request.origin);
}
