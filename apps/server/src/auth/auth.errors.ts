import { AppError } from '../common/app-error';

export enum AuthErrorCode {
  Unauthenticated = 'UNAUTHENTICATED',
  InvalidCredentials = 'INVALID_CREDENTIALS',
  Forbidden = 'FORBIDDEN',
  TooManyAttempts = 'TOO_MANY_ATTEMPTS',
  CrossOriginRequest = 'CROSS_ORIGIN_REQUEST',
  TokenNotFound = 'TOKEN_NOT_FOUND',
}

export class AuthError extends AppError<AuthErrorCode> {
  constructor(
    readonly code: AuthErrorCode,
    message: string,
    /** For TOO_MANY_ATTEMPTS: when the client may try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}
