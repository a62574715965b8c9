import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { PLAYBOOKS } from '@fleetmedic/knowledge';
import {
  apiErrorSchema,
  approveRequestSchema,
  incidentIdParamSchema,
  playbookListSchema,
  remediationPlanSchema,
  rolloutViewSchema,
  type ApproveRequest,
  type PlaybookList,
  type RemediationPlan,
  type RolloutView,
} from '@fleetmedic/protocol';
import type { Request } from 'express';
import { CurrentPrincipal, RequireRole } from '../auth/access.decorators';
import { type RequestPrincipal, actorOf } from '../auth/principal';
import { clientAddress } from '../common/client-address';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../openapi/json-schema';
import { ApprovalsService } from './approvals.service';
import { toPlaybookView } from './remediation-views';

@ApiTags('remediation')
@Controller()
export class RemediationController {
  constructor(private readonly approvals: ApprovalsService) {}

  @Get('playbooks')
  @ApiOperation({ summary: 'Every playbook: its steps, the steps that undo them, its risk' })
  @ApiOkResponse({ schema: openApiSchema(playbookListSchema) })
  playbooks(): PlaybookList {
    return { playbooks: Object.values(PLAYBOOKS).map(toPlaybookView) };
  }

  @Get('incidents/:id/remediation-plan')
  @ApiOperation({
    summary: 'What approving would run: the playbook, the hosts (online, still failing), the canary',
  })
  @ApiParam({ name: 'id', description: 'The incident id (a UUID)' })
  @ApiOkResponse({ schema: openApiSchema(remediationPlanSchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  plan(
    @Param(new ZodValidationPipe(incidentIdParamSchema, 'path')) params: { id: string },
  ): Promise<RemediationPlan> {
    return this.approvals.plan(params.id);
  }

  @Post('incidents/:id/approve')
  @RequireRole('approver')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary:
      'Approve a playbook for an incident (approver): it runs on one host first, then on the rest in waves, and halts when the failure budget is spent',
  })
  @ApiParam({ name: 'id', description: 'The incident id (a UUID)' })
  @ApiBody({ schema: openApiSchema(approveRequestSchema, 'input') })
  @ApiCreatedResponse({ schema: openApiSchema(rolloutViewSchema) })
  @ApiBadRequestResponse({ schema: openApiSchema(apiErrorSchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  @ApiConflictResponse({
    description: 'A rollout of the incident is running, it has no playbook, or nothing is left to fix',
    schema: openApiSchema(apiErrorSchema),
  })
  approve(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param(new ZodValidationPipe(incidentIdParamSchema, 'path')) params: { id: string },
    @Body(new ZodValidationPipe(approveRequestSchema, 'body')) body: ApproveRequest,
    @Req() request: Request,
  ): Promise<RolloutView> {
    return this.approvals.approve(params.id, body, {
      userId: principal.user.id,
      username: principal.user.username,
      actor: actorOf(principal),
      ip: clientAddress(request),
    });
  }
}
