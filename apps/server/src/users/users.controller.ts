import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  apiErrorSchema,
  createUserRequestSchema,
  updateUserRequestSchema,
  userIdParamSchema,
  userListSchema,
  userSchema,
  type CreateUserRequest,
  type UpdateUserRequest,
  type User,
  type UserList,
} from '@fleetmedic/protocol';
import type { Request } from 'express';
import { CurrentPrincipal, RequireRole } from '../auth/access.decorators';
import type { RequestPrincipal } from '../auth/principal';
import { clientAddress } from '../common/client-address';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../openapi/json-schema';
import { UsersService } from './users.service';

@ApiTags('users')
@Controller('users')
@RequireRole('admin')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Every user (admin)' })
  @ApiOkResponse({ schema: openApiSchema(userListSchema) })
  async list(): Promise<UserList> {
    return { users: await this.users.list() };
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Create a user with a role (admin)' })
  @ApiBody({ schema: openApiSchema(createUserRequestSchema, 'input') })
  @ApiCreatedResponse({ schema: openApiSchema(userSchema) })
  @ApiBadRequestResponse({ schema: openApiSchema(apiErrorSchema) })
  @ApiConflictResponse({ schema: openApiSchema(apiErrorSchema) })
  create(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Body(new ZodValidationPipe(createUserRequestSchema, 'body')) body: CreateUserRequest,
    @Req() request: Request,
  ): Promise<User> {
    return this.users.create(principal, body, clientAddress(request));
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a user’s role or password, or disable them (admin); sessions end on a password change',
  })
  @ApiBody({ schema: openApiSchema(updateUserRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(userSchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  @ApiConflictResponse({ schema: openApiSchema(apiErrorSchema) })
  update(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param(new ZodValidationPipe(userIdParamSchema, 'path')) params: { id: string },
    @Body(new ZodValidationPipe(updateUserRequestSchema, 'body')) body: UpdateUserRequest,
    @Req() request: Request,
  ): Promise<User> {
    return this.users.update(principal, params.id, body, clientAddress(request));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a user with their sessions and tokens (admin)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  @ApiConflictResponse({ schema: openApiSchema(apiErrorSchema) })
  async delete(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param(new ZodValidationPipe(userIdParamSchema, 'path')) params: { id: string },
    @Req() request: Request,
  ): Promise<void> {
    await this.users.delete(principal, params.id, clientAddress(request));
  }
}
