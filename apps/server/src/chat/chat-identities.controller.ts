import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
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
  chatIdentityListSchema,
  chatIdentityParamSchema,
  chatIdentitySchema,
  linkChatIdentityRequestSchema,
  userIdParamSchema,
  type ChatIdentity,
  type ChatIdentityList,
  type LinkChatIdentityRequest,
} from '@fleetmedic/protocol';
import type { Request } from 'express';
import { CurrentPrincipal, RequireRole } from '../auth/access.decorators';
import type { RequestPrincipal } from '../auth/principal';
import { clientAddress } from '../common/client-address';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../openapi/json-schema';
import { ChatIdentitiesService } from './chat-identities.service';

@ApiTags('users')
@Controller('users/:id/chat-identities')
@RequireRole('admin')
export class UserChatIdentitiesController {
  constructor(private readonly identities: ChatIdentitiesService) {}

  @Get()
  @ApiOperation({ summary: 'The chat accounts (Slack, Feishu) that act as this user in chat (admin)' })
  @ApiParam({ name: 'id', description: 'The user id (a UUID)' })
  @ApiOkResponse({ schema: openApiSchema(chatIdentityListSchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  async list(
    @Param(new ZodValidationPipe(userIdParamSchema, 'path')) params: { id: string },
  ): Promise<ChatIdentityList> {
    return { identities: await this.identities.list(params.id) };
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary:
      'Link a Slack member or Feishu user to this user (admin): their chat approvals become this user’s own',
  })
  @ApiParam({ name: 'id', description: 'The user id (a UUID)' })
  @ApiBody({ schema: openApiSchema(linkChatIdentityRequestSchema, 'input') })
  @ApiCreatedResponse({ schema: openApiSchema(chatIdentitySchema) })
  @ApiBadRequestResponse({ schema: openApiSchema(apiErrorSchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  @ApiConflictResponse({
    description: 'The chat account is linked to someone already',
    schema: openApiSchema(apiErrorSchema),
  })
  link(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param(new ZodValidationPipe(userIdParamSchema, 'path')) params: { id: string },
    @Body(new ZodValidationPipe(linkChatIdentityRequestSchema, 'body')) body: LinkChatIdentityRequest,
    @Req() request: Request,
  ): Promise<ChatIdentity> {
    return this.identities.link(principal, params.id, body, clientAddress(request));
  }

  @Delete(':identityId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Unlink a chat account from this user (admin)' })
  @ApiParam({ name: 'id', description: 'The user id (a UUID)' })
  @ApiParam({ name: 'identityId', description: 'The chat identity id (a UUID)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  async unlink(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param(new ZodValidationPipe(chatIdentityParamSchema, 'path')) params: { id: string; identityId: string },
    @Req() request: Request,
  ): Promise<void> {
    await this.identities.unlink(principal, params.id, params.identityId, clientAddress(request));
  }
}

@ApiTags('auth')
@Controller('auth/me/chat-identities')
export class MyChatIdentitiesController {
  constructor(private readonly identities: ChatIdentitiesService) {}

  @Get()
  @ApiOperation({ summary: 'The chat accounts that act as you in chat' })
  @ApiOkResponse({ schema: openApiSchema(chatIdentityListSchema) })
  async mine(@CurrentPrincipal() principal: RequestPrincipal): Promise<ChatIdentityList> {
    return { identities: await this.identities.mine(principal) };
  }
}
