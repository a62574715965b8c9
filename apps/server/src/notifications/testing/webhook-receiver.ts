/**
 * A real HTTP server on a free local port standing in for a chat platform in specs: it records every
 * request and answers as scripted (a status per request, then the platform's usual success), and lets a
 * spec await the next request instead of sleeping.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  /** Date.now() when the body had arrived. */
  at: number;
  /** Path and query, as requested. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: unknown;
  /** The status this receiver answered. */
  answered: number;
}

export interface ScriptedAnswer {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private script: ScriptedAnswer[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
    private success: ScriptedAnswer,
  ) {}

  static async start(success: ScriptedAnswer = { status: 200, body: '{}' }): Promise<WebhookReceiver> {
    const started: { receiver?: WebhookReceiver } = {};
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () =>
        started.receiver?.handle(request, Buffer.concat(chunks).toString('utf8'), response),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    started.receiver = new WebhookReceiver(server, (server.address() as AddressInfo).port, success);
    return started.receiver;
  }

  /** `http://127.0.0.1:<port><path>`. */
  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  /** The next requests are answered so, in order; then the usual success again. */
  answerNext(...answers: ScriptedAnswer[]): void {
    this.script.push(...answers);
  }

  answerAlways(answer: ScriptedAnswer): void {
    this.success = answer;
  }

  /** Resolves once `count` requests in all have arrived. */
  async waitForCount(count: number, timeoutMs = 20_000): Promise<ReceivedWebhook[]> {
    if (this.received.length < count) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => this.waiters.push({ count, resolve })),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new Error(
                  `expected ${count} webhook requests within ${timeoutMs} ms, got ${this.received.length}`,
                ),
              ),
            timeoutMs,
          );
        }),
      ]).finally(() => clearTimeout(timer));
    }
    return this.received.slice(0, count);
  }

  /** The requests answered with a 2xx. */
  accepted(): ReceivedWebhook[] {
    return this.received.filter((request) => request.answered >= 200 && request.answered < 300);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, body: string, response: http.ServerResponse): void {
    const answer = this.script.shift() ?? this.success;
    let json: unknown = null;
    try {
      json = JSON.parse(body);
    } catch {
      json = null;
    }
    this.received.push({
      at: Date.now(),
      url: request.url ?? '',
      headers: request.headers,
      body,
      json,
      answered: answer.status,
    });
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    response.end(answer.body ?? '');
    for (const waiter of [...this.waiters])
      if (this.received.length >= waiter.count) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
  }
}

/** What each platform answers when it took a message. */
export const PLATFORM_SUCCESS = {
  slack: { status: 200, body: 'ok' },
  teams: { status: 202, body: '' },
  dingtalk: { status: 200, body: '{"errcode":0,"errmsg":"ok"}' },
  feishu: { status: 200, body: '{"code":0,"msg":"success","data":{}}' },
  wecom: { status: 200, body: '{"errcode":0,"errmsg":"ok"}' },
  webhook: { status: 204, body: '' },
} as const;
