import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  apiErrorSchema,
  apiTokenListSchema,
  apiTokenSchema,
  createApiTokenRequestSchema,
  createdApiTokenSchema,
  tokenIdParamSchema,
  type ApiToken,
  type ApiTokenList,
  type CreateApiTokenRequest,
  type CreatedApiToken,
} from '@fleetmedic/protocol';
import type { Request } from 'express';
import { clientAddress } from '../common/client-address';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../openapi/json-schema';
import { CurrentPrincipal } from './access.decorators';
import { ApiTokensService } from './api-tokens.service';
import type { RequestPrincipal } from './principal';

@ApiTags('auth')
@Controller('tokens')
export class ApiTokensController {
  constructor(private readonly tokens: ApiTokensService) {}

  @Get()
  @ApiOperation({ summary: 'API tokens: your own, or every one for an admin (values are never shown again)' })
  @ApiOkResponse({ schema: openApiSchema(apiTokenListSchema) })
  async list(@CurrentPrincipal() principal: RequestPrincipal): Promise<ApiTokenList> {
    return { tokens: await this.tokens.list(principal) };
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Create an API token for yourself, with at most your role; its value is in this answer only',
  })
  @ApiBody({ schema: openApiSchema(createApiTokenRequestSchema, 'input') })
  @ApiCreatedResponse({ schema: openApiSchema(createdApiTokenSchema) })
  @ApiBadRequestResponse({ schema: openApiSchema(apiErrorSchema) })
  create(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Body(new ZodValidationPipe(createApiTokenRequestSchema, 'body')) body: CreateApiTokenRequest,
    @Req() request: Request,
  ): Promise<CreatedApiToken> {
    return this.tokens.create(principal, body, clientAddress(request));
  }

  @Delete(':id')
  @ApiOperation({ summary: 'Revoke an API token: your own, or any as an admin; it stops working at once' })
  @ApiOkResponse({ schema: openApiSchema(apiTokenSchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  revoke(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param(new ZodValidationPipe(tokenIdParamSchema, 'path')) params: { id: string },
    @Req() request: Request,
  ): Promise<ApiToken> {
    return this.tokens.revoke(principal, params.id, clientAddress(request));
  }
}
