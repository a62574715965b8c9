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

/** What body-parser (through http-errors) attaches to the errors it raises. */
interface BodyParserError {
  type?: string;
  status?: number;
  /** http-errors' mark of a message meant for the client (every 4xx). */
  expose?: boolean;
  charset?: string;
  encoding?: string;
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
    if (parserError.type === 'charset.unsupported') {
      return this.fromCode(
        RequestErrorCode.UnsupportedMediaType,
        `The request body's charset "${String(parserError.charset)}" is not supported; send JSON in UTF-8.`,
      );
    }
    if (parserError.type === 'encoding.unsupported') {
      return this.fromCode(
        RequestErrorCode.UnsupportedMediaType,
        `The request body's Content-Encoding "${String(parserError.encoding)}" is not supported; ` +
          'send it uncompressed, or as gzip, deflate or br.',
      );
    }
    // Any other body that could not be read (a compressed body that does not inflate, a length that does not
    // match Content-Length): body-parser marks these 400 with a message meant for the client.
    if (!(exception instanceof HttpException) && parserError.status === 400 && parserError.expose === true) {
      return this.fromCode(
        RequestErrorCode.InvalidRequest,
        `The request body could not be read: ${(exception as Error).message}.`,
      );
    }
    // Our own code raises AppErrors; a BadRequestException is Nest's rewrite of body-parser's SyntaxError
    // (a body that is not JSON) or of the router's URIError (`Failed to decode param '%E0%A4%A'`: a path
    // that is not valid percent-encoding).
    if (exception instanceof BadRequestException) {
      return /URI|decode param/i.test(exception.message)
        ? this.fromCode(
            RequestErrorCode.InvalidRequest,
            `The request path is not valid percent-encoding: ${exception.message}.`,
          )
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
