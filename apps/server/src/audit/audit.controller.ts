import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import {
  apiErrorSchema,
  auditListSchema,
  auditQuerySchema,
  type AuditList,
  type AuditQuery,
} from '@fleetmedic/protocol';
import { RequireRole } from '../auth/access.decorators';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { openApiSchema } from '../openapi/json-schema';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @RequireRole('approver')
  @ApiOperation({ summary: 'The audit log, newest first (approver or admin)' })
  @ApiQuery({ name: 'action', required: false, description: 'an action (auth.login) or a prefix (auth.)' })
  @ApiQuery({ name: 'before', required: false, description: 'nextBefore of the previous page' })
  @ApiQuery({ name: 'limit', required: false, description: '1 to 500, default 100' })
  @ApiOkResponse({ schema: openApiSchema(auditListSchema) })
  @ApiBadRequestResponse({ schema: openApiSchema(apiErrorSchema) })
  list(@Query(new ZodValidationPipe(auditQuerySchema, 'query')) query: AuditQuery): Promise<AuditList> {
    return this.audit.list(query);
  }
}
