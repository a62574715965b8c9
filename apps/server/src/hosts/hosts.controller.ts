import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import {
  apiErrorSchema,
  hostDetailSchema,
  hostIdParamSchema,
  hostListSchema,
  type HostDetail,
  type HostList,
} from '@fleetmedic/protocol';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../openapi/json-schema';
import { HostsService } from './hosts.service';

@ApiTags('hosts')
@Controller('hosts')
export class HostsController {
  constructor(private readonly hosts: HostsService) {}

  @Get()
  @ApiOperation({ summary: 'Every host with its presence and the current state of each check' })
  @ApiOkResponse({ schema: openApiSchema(hostListSchema) })
  async list(): Promise<HostList> {
    return { hosts: await this.hosts.listHosts() };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One host: facts, presence and every check' })
  @ApiParam({ name: 'id', description: 'The agent id given at enrollment (a UUID)' })
  @ApiOkResponse({ schema: openApiSchema(hostDetailSchema) })
  @ApiNotFoundResponse({ schema: openApiSchema(apiErrorSchema) })
  get(@Param(new ZodValidationPipe(hostIdParamSchema, 'path')) params: { id: string }): Promise<HostDetail> {
    return this.hosts.getHost(params.id);
  }
}
