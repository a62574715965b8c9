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
    // No body at all, or one body-parser left alone because it was not sent as JSON (a form, plain text):
    // zod would only say `expected object, received undefined`.
    if (this.where === 'body' && value === undefined) {
      const expected = 'expected a JSON object sent with Content-Type: application/json';
      throw new RequestError(RequestErrorCode.InvalidRequest, `Invalid body: ${expected}`, [
        { path: '(message)', message: expected },
      ]);
    }
    throw new RequestError(
      RequestErrorCode.InvalidRequest,
      `Invalid ${this.where}: ${result.message}`,
      result.issues,
    );
  }
}
