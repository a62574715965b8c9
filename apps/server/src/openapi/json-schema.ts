/** OpenAPI schemas generated from the protocol's zod schemas, so the docs cannot drift from the contract. */
import type { SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';

export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'output'): SchemaObject {
  return z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' }) as SchemaObject;
}
