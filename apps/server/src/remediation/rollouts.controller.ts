import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import {
  apiErrorSchema,
  jobListQuerySchema,
  jobListSchema,
  rolloutIdParamSchema,
  rolloutListQuerySchema,
  rolloutListSchema,
  rolloutViewSchema,
  type JobList,
  type JobListQuery,
  type RolloutList,
  type RolloutListQuery,
  type RolloutView,
} from '@fleetmedic/protocol';
import type { Request } from 'express';
import { CurrentPrincipal, RequireRole } from '../auth/access.decorators';
import type { RequestPrincipal } from '../auth/principal';
import { clientAddress } from '../common/client-address';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../openapi/json-schema';
import { RolloutsService } from './rollouts.service';

@ApiTags('remediation')
@Controller()
export class RolloutsController {
  constructor(private readonly rollouts: RolloutsService) {}

  @Get('rollouts')
  @ApiOperation({ summary: "An incident's rollouts, newest first (without incident: the latest 100)" })
  @ApiQuery({ name: 'incident', required: false, description: 'The incident id (a UUID)' })
  @ApiOkResponse({ schema: openApiSchema(rolloutListSchema) })
  @ApiBadRequestResponse({ schema: openApiSchema(apiErrorSchema) })
  async list(
    @Query(new ZodValidationPipe(rolloutListQuerySchema, 'query')) query: RolloutListQuery,
  ): Promise<RolloutList> {
    return { rollouts: await this.rollouts.list(query.incident) };
  }

  @Get('rollouts/:id')
  @ApiOperation({ summary: 'One rollout: status, phase, canary, counts of jobs per status, failures' })
  @ApiParam({ name: 'id', description: 'The rollout id (a UUID)' })
  @ApiOkResponse({ schema: openApiSchema(rolloutViewSchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  get(
    @Param(new ZodValidationPipe(rolloutIdParamSchema, 'path')) params: { id: string },
  ): Promise<RolloutView> {
    return this.rollouts.get(params.id);
  }

  @Post('rollouts/:id/cancel')
  @RequireRole('approver')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Cancel a running rollout (approver): jobs not yet sent are cancelled; jobs running on a PC finish (and roll back on failure)',
  })
  @ApiParam({ name: 'id', description: 'The rollout id (a UUID)' })
  @ApiOkResponse({ schema: openApiSchema(rolloutViewSchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  @ApiConflictResponse({
    description: 'The rollout has ended already',
    schema: openApiSchema(apiErrorSchema),
  })
  cancel(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param(new ZodValidationPipe(rolloutIdParamSchema, 'path')) params: { id: string },
    @Req() request: Request,
  ): Promise<RolloutView> {
    return this.rollouts.cancel(params.id, principal, clientAddress(request));
  }

  @Get('jobs')
  @ApiOperation({ summary: 'Jobs of an incident or of a rollout, with every step as the agent reported it' })
  @ApiQuery({ name: 'incident', required: false, description: 'The incident id (a UUID)' })
  @ApiQuery({ name: 'rollout', required: false, description: 'The rollout id (a UUID)' })
  @ApiOkResponse({ schema: openApiSchema(jobListSchema) })
  @ApiBadRequestResponse({ schema: openApiSchema(apiErrorSchema) })
  async jobs(
    @Query(new ZodValidationPipe(jobListQuerySchema, 'query')) query: JobListQuery,
  ): Promise<JobList> {
    return { jobs: await this.rollouts.jobs(query) };
  }
}
