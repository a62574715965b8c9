/** Validates a request's body, query or params with a protocol schema before a handler sees it. */
import { type PipeTransform } from '@nestjs/common';
import { parseWith } from '@fleetmedic/protocol';
import type { z } from 'zod';
import { RequestError, RequestErrorCode } from './request.errors';

export class ZodValidationPipe<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    private readonly where: 'body' | 'query' | 'path',
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = parseWith(this.schema, value);
    if (result.ok) return result.value;
    throw new RequestError(
      RequestErrorCode.InvalidRequest,
      `Invalid ${this.where}: ${result.message}`,
      result.issues,
    );
  }
}
