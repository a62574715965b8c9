import { AppError } from '../common/app-error';

export enum AgentsErrorCode {
  InvalidEnrollSecret = 'INVALID_ENROLL_SECRET',
  UnsupportedProtocolVersion = 'UNSUPPORTED_PROTOCOL_VERSION',
  TooManyEnrollAttempts = 'TOO_MANY_ATTEMPTS',
  AgentNotFound = 'AGENT_NOT_FOUND',
}

export class AgentsError extends AppError<AgentsErrorCode> {
  constructor(
    readonly code: AgentsErrorCode,
    message: string,
    /** For TOO_MANY_ATTEMPTS: when the client may try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
