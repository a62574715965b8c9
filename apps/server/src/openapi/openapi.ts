/** The OpenAPI description of the REST API, served at /api/docs (UI) and /api/docs-json. */
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { SERVER_VERSION } from '../version';

export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('FleetMedic API')
    .setDescription(
      'Hosts, their checks and presence; fleet health over time; agent enrollment. Agents speak the socket.io ' +
        'protocol on /agents and dashboards receive live updates on /live (see docs/protocol.md).',
    )
    .setVersion(SERVER_VERSION)
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
