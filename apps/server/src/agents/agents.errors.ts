import { AppError } from '../common/app-error';

export enum AgentsErrorCode {
  InvalidEnrollSecret = 'INVALID_ENROLL_SECRET',
  UnsupportedProtocolVersion = 'UNSUPPORTED_PROTOCOL_VERSION',
}

export class AgentsError extends AppError<AgentsErrorCode> {
  constructor(
    readonly code: AgentsErrorCode,
    message: string,
  ) {
    super(message);
  }
}
