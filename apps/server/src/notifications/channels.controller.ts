import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Query,
  Req,
} from '@nestjs/common';
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
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import {
  apiErrorSchema,
  channelDeliveriesQuerySchema,
  channelDeliveryParamSchema,
  channelIdParamSchema,
  channelListSchema,
  channelSchema,
  createChannelRequestSchema,
  notificationDeliveryListSchema,
  notificationDeliverySchema,
  updateChannelRequestSchema,
  type Channel,
  type ChannelDeliveriesQuery,
  type ChannelList,
  type CreateChannelRequest,
  type NotificationDelivery,
  type NotificationDeliveryList,
  type UpdateChannelRequest,
} from '@fleetmedic/protocol';
import type { Request } from 'express';
import { CurrentPrincipal, RequireRole } from '../auth/access.decorators';
import type { RequestPrincipal } from '../auth/principal';
import { clientAddress } from '../common/client-address';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../openapi/json-schema';
import { ChannelsService } from './channels.service';

@ApiTags('channels')
@Controller('channels')
@RequireRole('admin')
export class ChannelsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get()
  @ApiOperation({
    summary:
      'Chat channels (admin): type, language, filters, where messages go (origin only), delivery counts',
  })
  @ApiOkResponse({ schema: openApiSchema(channelListSchema) })
  async list(): Promise<ChannelList> {
    return { channels: await this.channels.list() };
  }

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary:
      'Add a channel (admin): slack, teams, dingtalk, feishu, wecom or webhook; the URL and signing secret are write-only',
  })
  @ApiBody({ schema: openApiSchema(createChannelRequestSchema, 'input') })
  @ApiCreatedResponse({ schema: openApiSchema(channelSchema) })
  @ApiBadRequestResponse({ schema: openApiSchema(apiErrorSchema) })
  create(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Body(new ZodValidationPipe(createChannelRequestSchema, 'body')) body: CreateChannelRequest,
    @Req() request: Request,
  ): Promise<Channel> {
    return this.channels.create(principal, body, clientAddress(request));
  }

  @Get(':id')
  @ApiOperation({ summary: 'One channel (admin)' })
  @ApiParam({ name: 'id', description: 'The channel id (a UUID)' })
  @ApiOkResponse({ schema: openApiSchema(channelSchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  get(@Param(new ZodValidationPipe(channelIdParamSchema, 'path')) params: { id: string }): Promise<Channel> {
    return this.channels.get(params.id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a channel (admin); a new webhookUrl or signingSecret replaces the stored one',
  })
  @ApiParam({ name: 'id', description: 'The channel id (a UUID)' })
  @ApiBody({ schema: openApiSchema(updateChannelRequestSchema, 'input') })
  @ApiOkResponse({ schema: openApiSchema(channelSchema) })
  @ApiBadRequestResponse({ schema: openApiSchema(apiErrorSchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  update(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param(new ZodValidationPipe(channelIdParamSchema, 'path')) params: { id: string },
    @Body(new ZodValidationPipe(updateChannelRequestSchema, 'body')) body: UpdateChannelRequest,
    @Req() request: Request,
  ): Promise<Channel> {
    return this.channels.update(principal, params.id, body, clientAddress(request));
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a channel with its queued messages and delivery history (admin)' })
  @ApiParam({ name: 'id', description: 'The channel id (a UUID)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  async delete(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param(new ZodValidationPipe(channelIdParamSchema, 'path')) params: { id: string },
    @Req() request: Request,
  ): Promise<void> {
    await this.channels.delete(principal, params.id, clientAddress(request));
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary:
      'Send a test message (admin): answers with the delivery after its first attempt (delivered, or pending with the error)',
  })
  @ApiParam({ name: 'id', description: 'The channel id (a UUID)' })
  @ApiOkResponse({ schema: openApiSchema(notificationDeliverySchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  test(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param(new ZodValidationPipe(channelIdParamSchema, 'path')) params: { id: string },
    @Req() request: Request,
  ): Promise<NotificationDelivery> {
    return this.channels.sendTest(principal, params.id, clientAddress(request));
  }

  @Get(':id/deliveries')
  @ApiOperation({
    summary: 'A channel’s messages, newest first: pending, delivered and dead letters (admin)',
  })
  @ApiParam({ name: 'id', description: 'The channel id (a UUID)' })
  @ApiQuery({ name: 'status', required: false, enum: ['pending', 'delivered', 'dead', 'all'] })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 500, default 100' })
  @ApiOkResponse({ schema: openApiSchema(notificationDeliveryListSchema) })
  @ApiBadRequestResponse({ schema: openApiSchema(apiErrorSchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  deliveries(
    @Param(new ZodValidationPipe(channelIdParamSchema, 'path')) params: { id: string },
    @Query(new ZodValidationPipe(channelDeliveriesQuerySchema, 'query')) query: ChannelDeliveriesQuery,
  ): Promise<NotificationDeliveryList> {
    return this.channels.deliveries(params.id, query);
  }

  @Post(':id/deliveries/:deliveryId/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send a dead letter again, its attempts counted afresh (admin)' })
  @ApiParam({ name: 'id', description: 'The channel id (a UUID)' })
  @ApiParam({ name: 'deliveryId', description: 'The delivery id (a UUID)' })
  @ApiOkResponse({ schema: openApiSchema(notificationDeliverySchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  @ApiConflictResponse({ schema: openApiSchema(apiErrorSchema) })
  retry(
    @CurrentPrincipal() principal: RequestPrincipal,
    @Param(new ZodValidationPipe(channelDeliveryParamSchema, 'path'))
    params: { id: string; deliveryId: string },
    @Req() request: Request,
  ): Promise<NotificationDelivery> {
    return this.channels.retry(principal, params.id, params.deliveryId, clientAddress(request));
  }
}
