/**
 * The chat platforms sign the exact bytes they send (Slack: `v0:{timestamp}:{body}`; Feishu: timestamp +
 * nonce + key + body), so their callback routes must see the body as it came, before any parser touches it.
 * This middleware reads it raw for those routes only, with the same 1 MB limit as every other body; once it
 * has read the stream the JSON parser that follows leaves the request alone.
 */
import type { NextFunction, Request, Response } from 'express';

/** 1 MB, as `MAX_HTTP_BODY` ('1mb') is for JSON bodies. */
export const MAX_RAW_BODY_BYTES = 1024 * 1024;

/** The routes whose body is read raw (under the global `/api` prefix). */
export const RAW_BODY_PATHS = ['/api/chat/slack/interactions', '/api/chat/feishu/card-actions'];

export interface RawBodyRequest extends Request {
  rawBody?: Buffer;
}

/** An error shaped like body-parser's, so the HTTP exception filter answers it the same way. */
function parserError(message: string, type: string, status: number): Error {
  return Object.assign(new Error(message), { type, status, statusCode: status, expose: true });
}

export function readRawBody(limitBytes = MAX_RAW_BODY_BYTES) {
  return (request: RawBodyRequest, _response: Response, next: NextFunction): void => {
    const encoding = (request.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') {
      next(
        Object.assign(parserError('unsupported content encoding', 'encoding.unsupported', 415), { encoding }),
      );
      return;
    }
    const declared = Number(request.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > limitBytes) {
      request.resume();
      next(parserError('request entity too large', 'entity.too.large', 413));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    request.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limitBytes) {
        failed = true;
        next(parserError('request entity too large', 'entity.too.large', 413));
        return;
      }
      chunks.push(chunk);
    });
    request.on('error', (error) => {
      if (failed) return;
      failed = true;
      next(error);
    });
    request.on('end', () => {
      if (failed) return;
      request.rawBody = Buffer.concat(chunks);
      request.body = request.rawBody;
      next();
    });
  };
}
