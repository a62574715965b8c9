import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { PROTOCOL_VERSION, healthSchema, type Health } from '@fleetmedic/protocol';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '../auth/access.decorators';
import { openApiSchema } from '../openapi/json-schema';
import { SERVER_VERSION } from '../version';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness and database reachability; needs no credentials' })
  @ApiOkResponse({ schema: openApiSchema(healthSchema) })
  @ApiServiceUnavailableResponse({ schema: openApiSchema(healthSchema) })
  async health(@Res({ passthrough: true }) response: Response): Promise<Health> {
    let database: Health['database'] = 'ok';
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      database = 'unreachable';
    }
    if (database !== 'ok') response.status(503);
    return {
      status: database === 'ok' ? 'ok' : 'degraded',
      version: SERVER_VERSION,
      protocolVersion: PROTOCOL_VERSION,
      database,
      uptimeSeconds: Math.round(process.uptime()),
      time: new Date().toISOString(),
    };
  }
}
