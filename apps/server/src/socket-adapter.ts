/**
 * socket.io settings for agents and dashboards: websocket first, a bounded message size, a ping that
 * notices a dead connection within about twenty seconds, a ceiling on connections that keeps file
 * descriptors in reserve, and no default namespace (only `/agents` and `/live` exist).
 */
import type { IncomingMessage } from 'node:http';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';

/** The largest message accepted; agents keep their batches under a quarter of it (docs/protocol.md). */
export const MAX_SOCKET_MESSAGE_BYTES = 4 * 1024 * 1024;

export class FleetSocketAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly maxConnections: number,
    /** Other origins a dashboard may be served from (FLEETMEDIC_DASHBOARD_ORIGINS). */
    private readonly corsOrigins: string[] = [],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, {
      ...options,
      serveClient: false,
      ...(this.corsOrigins.length > 0 ? { cors: { origin: this.corsOrigins, credentials: true } } : {}),
      maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
      pingInterval: 10_000,
      pingTimeout: 10_000,
      // Refusing at the handshake costs nothing; accepting past the descriptor limit would break every
      // file open in the process (EMFILE), database included.
      allowRequest: (
        _request: IncomingMessage,
        callback: (error: string | null, allowed: boolean) => void,
      ) => {
        const full = server.engine.clientsCount >= this.maxConnections;
        callback(full ? 'the server is at its connection limit; retry later' : null, !full);
      },
    }) as Server;
    server.of('/').use((_socket, next) => next(new Error('connect to /agents or /live')));
    return server;
  }
}
