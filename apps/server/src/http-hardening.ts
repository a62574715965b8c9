/**
 * HTTP hardening: security headers (helmet) with a content security policy that fits the dashboard and the
 * API docs, CORS only for the dashboard origins configured, and the API docs behind sign-in like the API.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { type AuthenticatorService } from './auth/authenticator.service';
import { credentialsFromHeaders } from './auth/credentials';
import type { ServerConfig } from './config/config.schema';
import { allowedOrigins } from './auth/origin-policy';

export function hardenHttp(app: NestExpressApplication, config: ServerConfig): void {
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: true,
        directives: {
          'script-src': ["'self'"],
          // chart.js and Vue set inline styles; no inline script is ever allowed
          'style-src': ["'self'", "'unsafe-inline'"],
          'img-src': ["'self'", 'data:'],
          'connect-src': ["'self'"],
          'frame-ancestors': ["'none'"],
          // plain-HTTP deployments (the demo on 127.0.0.1) must keep working
          'upgrade-insecure-requests': config.publicUrl?.startsWith('https:') ? [] : null,
        },
      },
      hsts: config.publicUrl?.startsWith('https:') ?? false,
    }),
  );
  const origins = allowedOrigins(config);
  if (config.auth.dashboardOrigins.length > 0) app.enableCors({ origin: origins, credentials: true });
}

/** `/api/docs` (and its `-json` and `-yaml` forms) describes every route; like them it needs a session or an API token. */
export function requireSignInForDocs(authenticator: AuthenticatorService) {
  return (request: Request, response: Response, next: NextFunction): void => {
    authenticator.authenticate(credentialsFromHeaders(request.headers)).then(
      (result) => {
        if (result.ok) return next();
        response.status(401).json({
          statusCode: 401,
          code: 'UNAUTHENTICATED',
          message: 'Sign in first: the API docs need the session cookie or an API token, as the API does.',
        });
      },
      (error: unknown) => next(error),
    );
  };
}
