/** The OpenAPI description of the REST API, served at /api/docs (UI), /api/docs-json and /api/docs-yaml. */
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ROLE_EXTENSION } from '../auth/access.decorators';
import { SESSION_COOKIE } from '../auth/credentials';
import { SERVER_VERSION } from '../version';

const DOCS_UI_PATH = 'api/docs';
const DOCS_JSON_PATH = 'api/docs-json';
const DOCS_YAML_PATH = 'api/docs-yaml';
/** Every path the description is served at: each needs sign-in, as the routes it describes do. */
export const API_DOCS_PATHS = [DOCS_UI_PATH, DOCS_JSON_PATH, DOCS_YAML_PATH].map((path) => `/${path}`);

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
  SwaggerModule.setup(DOCS_UI_PATH, app, document, {
    jsonDocumentUrl: DOCS_JSON_PATH,
    yamlDocumentUrl: DOCS_YAML_PATH,
  });
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
