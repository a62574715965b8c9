import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import {
  apiErrorSchema,
  incidentDetailSchema,
  incidentIdParamSchema,
  incidentListQuerySchema,
  incidentListSchema,
  incidentSummarySchema,
  type IncidentDetail,
  type IncidentList,
  type IncidentListQuery,
  type IncidentSummary,
} from '@fleetmedic/protocol';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../openapi/json-schema';
import { IncidentsService } from './incidents.service';

@ApiTags('incidents')
@Controller('incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get()
  @ApiOperation({ summary: 'Incidents, most recently changed first' })
  @ApiQuery({
    name: 'status',
    required: false,
    enum: ['open', 'resolved', 'all'],
    description: 'default open',
  })
  @ApiOkResponse({ schema: openApiSchema(incidentListSchema) })
  @ApiBadRequestResponse({ schema: openApiSchema(apiErrorSchema) })
  async list(
    @Query(new ZodValidationPipe(incidentListQuerySchema, 'query')) query: IncidentListQuery,
  ): Promise<IncidentList> {
    return { incidents: await this.incidents.list(query.status) };
  }

  @Get(':id')
  @ApiOperation({
    summary: 'One incident: decoded code, affected hosts since when, common factors, known issues, timeline',
  })
  @ApiParam({ name: 'id', description: 'The incident id (a UUID)' })
  @ApiOkResponse({ schema: openApiSchema(incidentDetailSchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  get(
    @Param(new ZodValidationPipe(incidentIdParamSchema, 'path')) params: { id: string },
  ): Promise<IncidentDetail> {
    return this.incidents.get(params.id);
  }

  @Post(':id/ack')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Acknowledge an incident (someone is on it); acknowledging again changes nothing',
  })
  @ApiOkResponse({ schema: openApiSchema(incidentSummarySchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  acknowledge(
    @Param(new ZodValidationPipe(incidentIdParamSchema, 'path')) params: { id: string },
  ): Promise<IncidentSummary> {
    return this.incidents.acknowledge(params.id);
  }
}
