import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  apiErrorSchema,
  incidentIdParamSchema,
  notificationDeliveryListSchema,
  type NotificationDeliveryList,
} from '@fleetmedic/protocol';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../openapi/json-schema';
import { ChannelsService } from './channels.service';

/** Whether, where and how the news of an incident went out: for everyone who can see the incident. */
@ApiTags('incidents')
@Controller('incidents')
export class IncidentNotificationsController {
  constructor(private readonly channels: ChannelsService) {}

  @Get(':id/notifications')
  @ApiOperation({
    summary:
      'Chat messages about an incident: channel, kind, status (pending, delivered, dead), attempts, last error',
  })
  @ApiParam({ name: 'id', description: 'The incident id (a UUID)' })
  @ApiOkResponse({ schema: openApiSchema(notificationDeliveryListSchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  list(
    @Param(new ZodValidationPipe(incidentIdParamSchema, 'path')) params: { id: string },
  ): Promise<NotificationDeliveryList> {
    return this.channels.incidentDeliveries(params.id);
  }
}
