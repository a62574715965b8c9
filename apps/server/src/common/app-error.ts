/**
 * Domain errors carry a string code; one exhaustive mapping (`http-status.ts`) turns codes into HTTP
 * statuses. People read the message; logs and scripts read the code.
 */
import type { ProtocolIssue } from '@fleetmedic/protocol';

export abstract class AppError<Code extends string = string> extends Error {
  abstract readonly code: Code;

  constructor(
    message: string,
    readonly issues?: ProtocolIssue[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`Unhandled case: ${String(value)}`);
}
