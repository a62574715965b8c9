/** Builds and starts the server for a configuration: used by `main.ts` and by tests and benchmarks. */
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DestinationStream, Logger } from 'pino';
import { AppModule } from './app.module';
import { AuthenticatorService } from './auth/authenticator.service';
import { RAW_BODY_PATHS, readRawBody } from './chat/raw-body';
import { allowedOrigins } from './auth/origin-policy';
import { hardenHttp, requireSignInForDocs } from './http-hardening';
import type { ServerConfig } from './config/config.schema';
import { NestPinoLogger, createLogger } from './common/logger';
import { API_DOCS_PATHS, setupOpenApi } from './openapi/openapi';
import { FleetSocketAdapter } from './socket-adapter';

/** Largest JSON body accepted over HTTP. */
export const MAX_HTTP_BODY = '1mb';

export interface RunningServer {
  app: NestExpressApplication;
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  port: number;
  logger: Logger;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Where log lines go (stdout when absent); tests capture them here. */
  logDestination?: DestinationStream;
}

export async function startServer(config: ServerConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger = createLogger(config.logLevel, options.logDestination);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: new NestPinoLogger(logger),
    bodyParser: false,
  });
  // Chat platforms sign the exact bytes they send: their callback routes get the body raw (same limit).
  app.use(RAW_BODY_PATHS, readRawBody());
  // strict: false lets a JSON body that is not an object (`null`, `42`) reach the schema, which names what
  // was expected, instead of being called "not valid JSON".
  app.useBodyParser('json', { limit: MAX_HTTP_BODY, strict: false });
  hardenHttp(app, config);
  app.setGlobalPrefix('api');
  app.useWebSocketAdapter(new FleetSocketAdapter(app, config.maxConnections, allowedOrigins(config)));
  // The JSON and YAML forms are not under /api/docs/: each path is guarded, not only the UI's.
  app.use(API_DOCS_PATHS, requireSignInForDocs(app.get(AuthenticatorService)));
  setupOpenApi(app);
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as AddressInfo;
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return {
    app,
    url: `http://${shownHost}:${address.port}`,
    port: address.port,
    logger,
    close: () => app.close(),
  };
}
