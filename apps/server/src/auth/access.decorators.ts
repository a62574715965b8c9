/**
 * Who may call a route. Every route needs a signed-in viewer unless it says otherwise: `@Public()` for the
 * few that must work without credentials, `@RequireRole(role)` for more than reading.
 */
import { type ExecutionContext, SetMetadata, applyDecorators, createParamDecorator } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { Role } from '@fleetmedic/protocol';
import type { RequestPrincipal } from './principal';

export const PUBLIC_ROUTE = 'fleetmedic:public';
export const REQUIRED_ROLE = 'fleetmedic:role';

/** The OpenAPI extension that tells readers of /api/docs the least role of each operation. */
export const ROLE_EXTENSION = 'x-fleetmedic-role';

export const Public = () =>
  applyDecorators(SetMetadata(PUBLIC_ROUTE, true), ApiExtension(ROLE_EXTENSION, 'public'));
export const RequireRole = (role: Role) =>
  applyDecorators(SetMetadata(REQUIRED_ROLE, role), ApiExtension(ROLE_EXTENSION, role));

export interface AuthenticatedRequest {
  principal?: RequestPrincipal;
}

/** The principal the guard authenticated for this request. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal on a route the auth guard did not authenticate');
  return principal;
});
