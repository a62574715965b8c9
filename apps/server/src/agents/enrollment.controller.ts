import { Body, Controller, HttpCode, HttpStatus, Post, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiCreatedResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  apiErrorSchema,
  enrollmentRequestSchema,
  enrollmentResponseSchema,
  type EnrollmentRequest,
  type EnrollmentResponse,
} from '@fleetmedic/protocol';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import type { Request } from 'express';
import { Public } from '../auth/access.decorators';
import { clientAddress } from '../common/client-address';
import { openApiSchema } from '../openapi/json-schema';
import { EnrollmentService } from './enrollment.service';

@ApiTags('agents')
@Controller('agents')
export class EnrollmentController {
  constructor(private readonly enrollment: EnrollmentService) {}

  @Post('enroll')
  @Public()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: 'Enroll an agent',
    description:
      'The agent presents the fleet enrollment secret once and receives its own agent id and token. ' +
      'Enrolling again with the same machineId keeps the host and replaces its token.',
  })
  @ApiBody({ schema: openApiSchema(enrollmentRequestSchema, 'input') })
  @ApiCreatedResponse({ schema: openApiSchema(enrollmentResponseSchema) })
  @ApiBadRequestResponse({ schema: openApiSchema(apiErrorSchema) })
  @ApiUnauthorizedResponse({ schema: openApiSchema(apiErrorSchema) })
  @ApiTooManyRequestsResponse({ schema: openApiSchema(apiErrorSchema) })
  enroll(
    @Body(new ZodValidationPipe(enrollmentRequestSchema, 'body')) body: EnrollmentRequest,
    @Req() request: Request,
  ): Promise<EnrollmentResponse> {
    return this.enrollment.enroll(body, clientAddress(request));
  }
}
