/**
 * The `/agents` namespace: authenticates each connection, validates every message with the protocol's
 * schemas and hands it over. A message that fails validation is answered with an error naming the field,
 * and nothing of it is stored.
 */
import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import {
  AGENTS_NAMESPACE,
  AgentEvent,
  ProtocolErrorCode,
  factsUpdateSchema,
  heartbeatSchema,
  helloSchema,
  observationBatchSchema,
  parseWith,
  type Ack,
  type AgentToServerEvents,
  type BatchAck,
  type ErrorAck,
  type HelloReply,
  type OkAck,
  type ServerToAgentEvents,
} from '@fleetmedic/protocol';
import type { Namespace, Socket } from 'socket.io';
import { AgentsService } from './agents.service';
import { AgentAuthenticator } from './agent-authenticator';
import { PresenceService } from './presence.service';

interface AgentSocketData {
  hostId: string;
  /** One observation batch at a time per connection: what an agent may have in flight is bounded. */
  batchInFlight?: boolean;
}

export type AgentNamespace = Namespace<
  AgentToServerEvents,
  ServerToAgentEvents,
  Record<string, never>,
  AgentSocketData
>;
export type AgentSocket = Socket<
  AgentToServerEvents,
  ServerToAgentEvents,
  Record<string, never>,
  AgentSocketData
>;

/** The error socket.io hands the client as `connect_error`, with a machine-readable code in `data`. */
class ConnectionRefused extends Error {
  constructor(
    message: string,
    readonly data: { code: string },
  ) {
    super(message);
  }
}

function invalid(message: string, issues: ErrorAck['error']['issues']): ErrorAck {
  return {
    ok: false,
    error: { code: ProtocolErrorCode.InvalidMessage, message, ...(issues ? { issues } : {}) },
  };
}

@WebSocketGateway({ namespace: AGENTS_NAMESPACE })
export class AgentsGateway
  implements OnGatewayInit<AgentNamespace>, OnGatewayConnection, OnGatewayDisconnect
{
  private readonly logger = new Logger(AgentsGateway.name);

  constructor(
    private readonly authenticator: AgentAuthenticator,
    private readonly presence: PresenceService,
    private readonly agents: AgentsService,
  ) {}

  afterInit(namespace: AgentNamespace): void {
    namespace.use((socket, next) => {
      this.authenticator.authenticate(socket.handshake.auth).then(
        (result) => {
          if (result.ok) {
            socket.data.hostId = result.hostId;
            next();
          } else {
            this.logger.warn(
              `Refused an agent connection from ${socket.handshake.address}: ${result.refusal}`,
            );
            next(new ConnectionRefused(result.message, { code: result.refusal }));
          }
        },
        (error: unknown) => {
          this.logger.error(`Could not authenticate an agent: ${String(error)}`);
          next(
            new ConnectionRefused('The server could not check the credentials; retry later.', {
              code: 'INTERNAL',
            }),
          );
        },
      );
    });
  }

  async handleConnection(socket: AgentSocket): Promise<void> {
    await this.presence.connected(socket.data.hostId, socket);
  }

  async handleDisconnect(socket: AgentSocket): Promise<void> {
    if (!socket.data.hostId) return;
    await this.presence.disconnected(socket.data.hostId, socket.id);
    if (!this.presence.isOnline(socket.data.hostId)) this.agents.forgetHost(socket.data.hostId);
  }

  @SubscribeMessage(AgentEvent.Hello)
  async hello(
    @ConnectedSocket() socket: AgentSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<HelloReply>> {
    const parsed = parseWith(helloSchema, body);
    if (!parsed.ok) return invalid(`Invalid hello: ${parsed.message}`, parsed.issues);
    this.presence.heard(socket.data.hostId);
    return this.agents.hello(socket.data.hostId, parsed.value);
  }

  @SubscribeMessage(AgentEvent.Heartbeat)
  heartbeat(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): void {
    const parsed = parseWith(heartbeatSchema, body);
    if (!parsed.ok) {
      socket.emit('protocol-error', {
        code: ProtocolErrorCode.InvalidMessage,
        message: `Invalid heartbeat: ${parsed.message}`,
        issues: parsed.issues,
      });
      return;
    }
    this.presence.heartbeat(socket.data.hostId, parsed.value.outboxDepth);
  }

  @SubscribeMessage(AgentEvent.Facts)
  async facts(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack<OkAck>> {
    const parsed = parseWith(factsUpdateSchema, body);
    if (!parsed.ok) return invalid(`Invalid facts: ${parsed.message}`, parsed.issues);
    this.presence.heard(socket.data.hostId);
    await this.agents.updateFacts(socket.data.hostId, parsed.value.facts);
    return { ok: true };
  }

  @SubscribeMessage(AgentEvent.Observations)
  async observations(
    @ConnectedSocket() socket: AgentSocket,
    @MessageBody() body: unknown,
  ): Promise<Ack<BatchAck>> {
    const parsed = parseWith(observationBatchSchema, body);
    if (!parsed.ok) {
      this.logger.warn(`Refused a malformed observation batch from ${socket.data.hostId}: ${parsed.message}`);
      return invalid(`Invalid observation batch: ${parsed.message}`, parsed.issues);
    }
    this.presence.heard(socket.data.hostId);
    if (socket.data.batchInFlight) {
      return {
        ok: false,
        error: {
          code: ProtocolErrorCode.NotReady,
          message: 'The previous observation batch is not acknowledged yet; send one batch at a time.',
        },
      };
    }
    socket.data.batchInFlight = true;
    try {
      return await this.agents.ingestBatch(socket.data.hostId, parsed.value);
    } finally {
      socket.data.batchInFlight = false;
    }
  }
}
