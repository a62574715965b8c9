import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
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
import type { Request } from 'express';
import { CurrentPrincipal, RequireRole } from '../auth/access.decorators';
import type { RequestPrincipal } from '../auth/principal';
import { clientAddress } from '../common/client-address';
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
  @RequireRole('operator')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Acknowledge an incident (operator): someone is on it; acknowledging again changes nothing',
  })
  @ApiOkResponse({ schema: openApiSchema(incidentSummarySchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  acknowledge(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param(new ZodValidationPipe(incidentIdParamSchema, 'path')) params: { id: string },
    @Req() request: Request,
  ): Promise<IncidentSummary> {
    return this.incidents.acknowledge(principal, params.id, clientAddress(request));
  }
}
