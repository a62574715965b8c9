/** Errors about the shape of a request itself, whatever the route. */
import { AppError } from './app-error';

export enum RequestErrorCode {
  InvalidRequest = 'INVALID_REQUEST',
  InvalidJson = 'INVALID_JSON',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType = 'UNSUPPORTED_MEDIA_TYPE',
  RouteNotFound = 'ROUTE_NOT_FOUND',
  Internal = 'INTERNAL',
}

export class RequestError extends AppError<RequestErrorCode> {
  constructor(
    readonly code: RequestErrorCode,
    message: string,
    issues?: { path: string; message: string }[],
  ) {
    super(message, issues);
  }
}
