/**
 * Who may call a route. Every route needs a signed-in viewer unless it says otherwise: `@Public()` for the
 * few that must work without credentials, `@RequireRole(role)` for more than reading.
 */
import { type ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { Role } from '@fleetmedic/protocol';
import type { RequestPrincipal } from './principal';

export const PUBLIC_ROUTE = 'fleetmedic:public';
export const REQUIRED_ROLE = 'fleetmedic:role';

export const Public = () => SetMetadata(PUBLIC_ROUTE, true);
export const RequireRole = (role: Role) => SetMetadata(REQUIRED_ROLE, role);

export interface AuthenticatedRequest {
  principal?: RequestPrincipal;
}

/** The principal the guard authenticated for this request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal on a route the auth guard did not authenticate');
  return principal;
});
