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

/** An answer, or how to answer a request (a receiver that echoes what it got, say). */
export type Answering =
  ScriptedAnswer | ((request: Pick<ReceivedWebhook, 'url' | 'headers' | 'body'>) => ScriptedAnswer);

export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private script: ScriptedAnswer[] = [];
  private waiters: { done: () => boolean; resolve: () => void }[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly port: number,
    private success: Answering,
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

  answerAlways(answer: Answering): void {
    this.success = answer;
  }

  /** Resolves once `count` requests in all have arrived. */
  async waitForCount(count: number, timeoutMs = 20_000): Promise<ReceivedWebhook[]> {
    await this.until(() => this.received.length >= count, `${count} webhook requests`, timeoutMs);
    return this.received.slice(0, count);
  }

  /** Resolves once `count` requests have been answered with a 2xx. */
  async waitForAccepted(count: number, timeoutMs = 20_000): Promise<ReceivedWebhook[]> {
    await this.until(() => this.accepted().length >= count, `${count} accepted webhook requests`, timeoutMs);
    return this.accepted().slice(0, count);
  }

  private async until(done: () => boolean, what: string, timeoutMs: number): Promise<void> {
    if (done()) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.waiters.push({ done, resolve })),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`expected ${what} within ${timeoutMs} ms, got ${this.received.length}`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
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
    const answering = this.script.shift() ?? this.success;
    const answer =
      typeof answering === 'function'
        ? answering({ url: request.url ?? '', headers: request.headers, body })
        : answering;
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
      if (waiter.done()) {
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
