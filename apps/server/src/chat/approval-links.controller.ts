import { Controller, Get, Param, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiGoneResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  apiErrorSchema,
  approvalLinkParamSchema,
  approvalLinkSchema,
  type ApprovalLink,
} from '@fleetmedic/protocol';
import type { Request } from 'express';
import { CurrentPrincipal } from '../auth/access.decorators';
import { type RequestPrincipal, actorOf } from '../auth/principal';
import { clientAddress } from '../common/client-address';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../openapi/json-schema';
import { ApprovalLinksService } from './approval-links.service';
import { ChatApprovalsService } from './chat-approvals.service';
import { ChatError, ChatErrorCode } from './chat.errors';

@ApiTags('chat')
@Controller('approval-links')
export class ApprovalLinksController {
  constructor(
    private readonly links: ApprovalLinksService,
    private readonly chatApprovals: ChatApprovalsService,
  ) {}

  @Get(':token')
  @ApiOperation({
    summary:
      'What a signed approval link from a chat message opens: the incident and playbook to review. It approves nothing; the signed-in approver approves in the dashboard',
  })
  @ApiParam({ name: 'token', description: 'The token at the end of the link /approve/<token>' })
  @ApiOkResponse({ schema: openApiSchema(approvalLinkSchema) })
  @ApiBadRequestResponse({
    description: 'Not a link FleetMedic signed',
    schema: openApiSchema(apiErrorSchema),
  })
  @ApiGoneResponse({ description: 'The link expired (24 h)', schema: openApiSchema(apiErrorSchema) })
  async open(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param(new ZodValidationPipe(approvalLinkParamSchema, 'path')) params: { token: string },
    @Req() request: Request,
  ): Promise<ApprovalLink> {
    const check = this.links.verify(params.token);
    if (check.ok)
      return {
        incidentId: check.claims.incidentId,
        playbookId: check.claims.playbookId,
        expiresAt: new Date(check.claims.expiresAt).toISOString(),
      };
    await this.chatApprovals.refuse('link', check.reason, {
      actor: actorOf(principal),
      ip: clientAddress(request),
    });
    throw check.reason === 'link-expired'
      ? new ChatError(
          ChatErrorCode.ApprovalLinkExpired,
          'This approval link has expired (links are valid 24 hours). Open the incident from FleetMedic to approve its fix.',
        )
      : new ChatError(
          ChatErrorCode.ApprovalLinkInvalid,
          'This is not an approval link FleetMedic made (it may have been cut or changed). Open the incident from FleetMedic instead.',
        );
  }
}
