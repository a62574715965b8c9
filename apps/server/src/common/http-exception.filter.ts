/**
 * Every HTTP error leaves the server in one shape, `{ statusCode, code, message, issues? }`, and every
 * unexpected one is logged with its stack while the client sees only that something failed.
 */
import {
  type ArgumentsHost,
  BadRequestException,
  Catch,
  type ExceptionFilter,
  HttpException,
  HttpStatus,
  Logger,
} from '@nestjs/common';
import type { ApiError } from '@fleetmedic/protocol';
import type { Response } from 'express';
import { AppError } from './app-error';
import { type AppErrorCode, httpStatusFor } from './http-status';
import { RequestErrorCode } from './request.errors';

/** What body-parser attaches to the errors it raises. */
interface BodyParserError {
  type?: string;
  status?: number;
}

@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.toApiError(exception);
    if (response.headersSent) return;
    const retryAfter = (exception as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number') response.setHeader('Retry-After', String(retryAfter));
    response.status(body.statusCode).json(body);
  }

  toApiError(exception: unknown): ApiError {
    if (exception instanceof AppError) {
      const code = exception.code as AppErrorCode;
      return {
        statusCode: httpStatusFor(code),
        code,
        message: exception.message,
        ...(exception.issues ? { issues: exception.issues } : {}),
      };
    }
    const parserError = exception as BodyParserError;
    if (parserError.type === 'entity.parse.failed') {
      return this.fromCode(RequestErrorCode.InvalidJson, 'The request body is not valid JSON.');
    }
    if (parserError.type === 'entity.too.large') {
      return this.fromCode(RequestErrorCode.PayloadTooLarge, 'The request body is too large.');
    }
    // Our own code raises AppErrors; a BadRequestException is Nest's rewrite of body-parser's SyntaxError
    // (a body that is not JSON) or of a URIError (a path that is not valid percent-encoding).
    if (exception instanceof BadRequestException) {
      return /URI/i.test(exception.message)
        ? this.fromCode(RequestErrorCode.InvalidRequest, 'The request path is not valid percent-encoding.')
        : this.fromCode(
            RequestErrorCode.InvalidJson,
            `The request body is not valid JSON: ${exception.message}`,
          );
    }
    if (exception instanceof HttpException) {
      const status: HttpStatus = exception.getStatus();
      if (status === HttpStatus.NOT_FOUND) {
        return this.fromCode(
          RequestErrorCode.RouteNotFound,
          'No such API route. The API is described at /api/docs.',
        );
      }
      const cause = exception.getResponse();
      const message =
        typeof cause === 'object' && cause !== null && 'message' in cause
          ? String(cause.message)
          : exception.message;
      return { statusCode: status, code: HttpStatus[status] ?? 'HTTP_ERROR', message };
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    return this.fromCode(
      RequestErrorCode.Internal,
      'The server failed to handle this request; it has been logged.',
    );
  }

  private fromCode(code: AppErrorCode, message: string): ApiError {
    return { statusCode: httpStatusFor(code), code, message };
  }
}
