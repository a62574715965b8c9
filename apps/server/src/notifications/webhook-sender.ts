/**
 * One webhook POST: over node:http(s), to an address the URL policy allows (checked on the address the
 * connection actually uses), within a time limit, reading at most 64 KB of the answer, following no
 * redirect. Errors never carry the URL.
 */
import dns from 'node:dns';
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import {
  type SelfAddress,
  type UrlPolicySettings,
  forbiddenAddressReason,
  isAllowedHost,
  isSelf,
} from './webhook-url-policy';

export interface WebhookRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface SendSettings {
  timeoutMs: number;
  policy: UrlPolicySettings;
  self: SelfAddress;
}

const MAX_ANSWER_BYTES = 64 * 1024;

/** A refusal by the URL policy at send time: not worth retrying. */
export class WebhookRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookRefused';
  }
}

function port(url: URL): number {
  return url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
}

/** Why the connection may not go to `address`, or null. */
function addressProblem(address: string, url: URL, settings: SendSettings): string | null {
  if (isSelf(address, port(url), url, settings.self)) return 'the address is FleetMedic itself';
  if (isAllowedHost(url, settings.policy)) return null;
  const reason = forbiddenAddressReason(address);
  return reason === null ? null : `refused: ${reason}`;
}

/** dns.lookup, refusing a name any of whose addresses the policy forbids. */
function guardedLookup(url: URL, settings: SendSettings): LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, '', 0);
        return;
      }
      const list = addresses;
      for (const entry of list) {
        const problem = addressProblem(entry.address, url, settings);
        if (problem !== null) {
          callback(new WebhookRefused(`${hostname} resolves to ${entry.address}; ${problem}`), '', 0);
          return;
        }
      }
      if (options.all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
      else callback(null, list[0]?.address ?? '', list[0]?.family ?? 4);
    });
  };
}

export function sendWebhook(request: WebhookRequest, settings: SendSettings): Promise<WebhookResponse> {
  const { url } = request;
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(literal) !== 0) {
    const problem = addressProblem(literal, url, settings);
    if (problem !== null) return Promise.reject(new WebhookRefused(problem));
  } else if (isSelf(literal, port(url), url, settings.self)) {
    return Promise.reject(new WebhookRefused('the URL is FleetMedic itself'));
  }
  const client = url.protocol === 'https:' ? https : http;
  const body = Buffer.from(request.body, 'utf8');
  return new Promise((resolve, reject) => {
    const outgoing = client.request(
      url,
      {
        method: 'POST',
        headers: { ...request.headers, 'content-length': String(body.length) },
        lookup: guardedLookup(url, settings),
        timeout: settings.timeoutMs,
        agent: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          if (size < MAX_ANSWER_BYTES) chunks.push(chunk.subarray(0, MAX_ANSWER_BYTES - size));
          size += chunk.length;
        });
        incoming.on('end', () =>
          resolve({
            statusCode: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        incoming.on('error', reject);
      },
    );
    const deadline = setTimeout(
      () => outgoing.destroy(new Error(`no answer within ${settings.timeoutMs} ms`)),
      settings.timeoutMs,
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${settings.timeoutMs} ms`)));
    outgoing.on('error', (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    outgoing.on('close', () => clearTimeout(deadline));
    outgoing.end(body);
  });
}
