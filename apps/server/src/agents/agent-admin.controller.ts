import { Controller, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  agentIdParamSchema,
  apiErrorSchema,
  revokedAgentSchema,
  rotatedEnrollSecretSchema,
  type RevokedAgent,
  type RotatedEnrollSecret,
} from '@fleetmedic/protocol';
import type { Request } from 'express';
import { CurrentPrincipal, RequireRole } from '../auth/access.decorators';
import type { RequestPrincipal } from '../auth/principal';
import { clientAddress } from '../common/client-address';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../openapi/json-schema';
import { AgentAdminService } from './agent-admin.service';

@ApiTags('agents')
@Controller('agents')
@RequireRole('admin')
export class AgentAdminController {
  constructor(private readonly admin: AgentAdminService) {}

  @Post('enroll-secret/rotate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Rotate the enrollment secret (admin): the new one is in this answer only; enrolled agents keep working',
  })
  @ApiOkResponse({ schema: openApiSchema(rotatedEnrollSecretSchema) })
  rotateEnrollSecret(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Req() request: Request,
  ): Promise<RotatedEnrollSecret> {
    return this.admin.rotateEnrollSecret(principal, clientAddress(request));
  }

  @Post(':id/revoke')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Revoke an agent (admin): its token stops working and its connections close at once',
  })
  @ApiParam({ name: 'id', description: 'The agent id (= host id)' })
  @ApiOkResponse({ schema: openApiSchema(revokedAgentSchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  revoke(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param(new ZodValidationPipe(agentIdParamSchema, 'path')) params: { id: string },
    @Req() request: Request,
  ): Promise<RevokedAgent> {
    return this.admin.revoke(principal, params.id, clientAddress(request));
  }
}
