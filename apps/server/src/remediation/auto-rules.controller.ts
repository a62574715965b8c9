import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  apiErrorSchema,
  autoRuleListSchema,
  autoRuleRequestSchema,
  autoRuleViewSchema,
  ruleIdParamSchema,
  type AutoRuleList,
  type AutoRuleRequest,
  type AutoRuleView,
} from '@fleetmedic/protocol';
import type { Request } from 'express';
import { CurrentPrincipal, RequireRole } from '../auth/access.decorators';
import type { RequestPrincipal } from '../auth/principal';
import { clientAddress } from '../common/client-address';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../openapi/json-schema';
import { AutoRulesService } from './auto-rules.service';

@ApiTags('remediation')
@Controller('auto-remediation-rules')
export class AutoRulesController {
  constructor(private readonly rules: AutoRulesService) {}

  @Get()
  @ApiOperation({ summary: 'Auto-remediation rules in force, with the hosts each approved today' })
  @ApiOkResponse({ schema: openApiSchema(autoRuleListSchema) })
  async list(): Promise<AutoRuleList> {
    return { rules: await this.rules.list() };
  }

  @Post()
  @RequireRole('approver')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary:
      'Approve future incidents of a known issue or fingerprint (approver): their failing hosts in scope are fixed canary first, up to the daily cap',
  })
  @ApiBody({ schema: openApiSchema(autoRuleRequestSchema, 'input') })
  @ApiCreatedResponse({ schema: openApiSchema(autoRuleViewSchema) })
  @ApiBadRequestResponse({ schema: openApiSchema(apiErrorSchema) })
  create(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Body(new ZodValidationPipe(autoRuleRequestSchema, 'body')) body: AutoRuleRequest,
    @Req() request: Request,
  ): Promise<AutoRuleView> {
    return this.rules.create(body, principal, clientAddress(request));
  }

  @Delete(':id')
  @RequireRole('approver')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Withdraw a rule (approver); rollouts it started carry on' })
  @ApiParam({ name: 'id', description: 'The rule id (a UUID)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  async delete(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param(new ZodValidationPipe(ruleIdParamSchema, 'path')) params: { id: string },
    @Req() request: Request,
  ): Promise<void> {
    await this.rules.delete(params.id, principal, clientAddress(request));
  }
}
