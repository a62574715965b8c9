/**
 * A JSON POST over node:http(s). Not the global fetch: fetch loads undici and web streams, about 14 MB of RSS
 * in the agent (measured on enrollment), while node:http and node:https are already loaded by socket.io's
 * websocket transport and cost nothing more.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface JsonResponse {
  status: number;
  /** The parsed body; null when it is empty or not JSON. */
  body: unknown;
}

/** Rejects when no answer could be had: the error's `code` says why (ECONNREFUSED, ENOTFOUND, ETIMEDOUT). */
export function postJson(url: string, payload: unknown, timeoutMs: number): Promise<JsonResponse> {
  const target = new URL(url);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const body = JSON.stringify(payload);
  return new Promise((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            body: parseJson(Buffer.concat(chunks).toString('utf8')),
          });
        });
      },
    );
    request.setTimeout(timeoutMs, () => {
      request.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
