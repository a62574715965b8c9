/**
 * The global guard: every `/api` route needs a signed-in person (session cookie or Bearer API token) whose
 * role reaches the route's, unless the route is `@Public()`. Changes made with the session cookie must come
 * from the dashboard's own origin, so another site cannot ride on a signed-in browser.
 */
import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { type Role, roleAtLeast } from '@fleetmedic/protocol';
import type { Request } from 'express';
import { AuditService } from '../audit/audit.service';
import { SERVER_CONFIG } from '../config/config.module';
import type { ServerConfig } from '../config/config.schema';
import { type AuthenticatedRequest, PUBLIC_ROUTE, REQUIRED_ROLE } from './access.decorators';
import { AuthError, AuthErrorCode } from './auth.errors';
import { AuthenticatorService } from './authenticator.service';
import { credentialsFromHeaders } from './credentials';
import { fromAllowedOrigin } from './origin-policy';
import { actorOf } from './principal';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly reflector: Reflector,
    private readonly authenticator: AuthenticatorService,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const required = this.reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE, targets) ?? 'viewer';
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();

    const result = await this.authenticator.authenticate(credentialsFromHeaders(request.headers));
    if (!result.ok) {
      throw new AuthError(
        AuthErrorCode.Unauthenticated,
        result.reason === 'missing'
          ? 'Sign in first: send the session cookie from POST /api/auth/login or an API token as "Authorization: Bearer <token>".'
          : 'The session or API token is not valid (expired, revoked, or its user disabled). Sign in again.',
      );
    }
    const { principal } = result;
    const changing = !SAFE_METHODS.has(request.method);
    if (changing && principal.via === 'session' && !fromAllowedOrigin(this.config, originOf(request))) {
      throw new AuthError(
        AuthErrorCode.CrossOriginRequest,
        'Changes with the session cookie must come from the FleetMedic dashboard itself.',
      );
    }
    if (!roleAtLeast(principal.role, required)) {
      if (changing) {
        await this.audit.record({
          action: 'access.denied',
          outcome: 'denied',
          actor: actorOf(principal),
          target: `${request.method} ${request.path}`.slice(0, 128),
          ip: request.ip ?? null,
          detail: { role: principal.role, required },
        });
      }
      throw new AuthError(
        AuthErrorCode.Forbidden,
        `This needs the ${required} role or higher; ${principal.user.username} acts as ${principal.role}.`,
      );
    }
    request.principal = principal;
    return true;
  }
}

function originOf(request: Request) {
  const site = request.headers['sec-fetch-site'];
  return {
    ...(request.headers.origin !== undefined ? { origin: request.headers.origin } : {}),
    ...(request.headers.host !== undefined ? { host: request.headers.host } : {}),
    ...(typeof site === 'string' ? { secFetchSite: site } : {}),
  };
}
