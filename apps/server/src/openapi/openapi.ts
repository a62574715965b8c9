/** The OpenAPI description of the REST API, served at /api/docs (UI) and /api/docs-json. */
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ROLE_EXTENSION } from '../auth/access.decorators';
import { SESSION_COOKIE } from '../auth/credentials';
import { SERVER_VERSION } from '../version';

export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('FleetMedic API')
    .setDescription(
      'Hosts, their checks and presence; fleet health over time; incidents; people, tokens and the audit log; ' +
        'agent enrollment. Agents speak the socket.io protocol on /agents and dashboards receive live updates ' +
        'on /live (see docs/protocol.md). Every operation needs a session cookie or an API token except those ' +
        `marked public; ${ROLE_EXTENSION} names the least role (viewer < operator < approver < admin).`,
    )
    .setVersion(SERVER_VERSION)
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'an API token (POST /api/tokens)' },
      'token',
    )
    .addCookieAuth(
      SESSION_COOKIE,
      { type: 'apiKey', in: 'cookie', description: 'POST /api/auth/login' },
      'session',
    )
    .addSecurityRequirements('token')
    .addSecurityRequirements('session')
    .build();
  const document = describeAccess(SwaggerModule.createDocument(app, config));
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}

/** Every operation states its least role (viewer unless a decorator says otherwise); public ones need no credentials. */
function describeAccess(document: OpenAPIObject): OpenAPIObject {
  for (const path of Object.values(document.paths)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch'] as const) {
      const operation = path[method] as (Record<string, unknown> & { security?: unknown[] }) | undefined;
      if (!operation) continue;
      operation[ROLE_EXTENSION] ??= 'viewer';
      if (operation[ROLE_EXTENSION] === 'public') operation.security = [];
    }
  }
  return document;
}
