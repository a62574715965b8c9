import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  apiErrorSchema,
  fleetHistoryQuerySchema,
  fleetHistorySchema,
  type FleetHistory,
  type FleetHistoryQuery,
} from '@fleetmedic/protocol';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../openapi/json-schema';
import { FleetHistoryService } from './fleet-history.service';

@ApiTags('fleet')
@Controller('fleet')
export class FleetController {
  constructor(private readonly fleetHistory: FleetHistoryService) {}

  @Get('history')
  @ApiOperation({ summary: 'Host counts (online, offline, healthy, failing) over the last minutes' })
  @ApiQuery({ name: 'minutes', required: false, description: 'How far back, 1 to 10080 (default 60)' })
  @ApiOkResponse({ schema: openApiSchema(fleetHistorySchema) })
  @ApiBadRequestResponse({ schema: openApiSchema(apiErrorSchema) })
  async history(
    @Query(new ZodValidationPipe(fleetHistoryQuerySchema, 'query')) query: FleetHistoryQuery,
  ): Promise<FleetHistory> {
    return { samples: await this.fleetHistory.history(query.minutes) };
  }
}
