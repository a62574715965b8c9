/**
 * Remediation on `/agents`: keeps each connected agent's socket for the orchestrator, and takes the agents'
 * step progress and job reports, validated by the protocol's schemas. It shares the namespace (and its
 * authentication) with AgentsGateway.
 */
import { Logger } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  SubscribeMessage,
  WebSocketGateway,
} from '@nestjs/websockets';
import {
  AGENTS_NAMESPACE,
  AgentEvent,
  ProtocolErrorCode,
  jobProgressSchema,
  jobReportSchema,
  parseWith,
  type Ack,
  type OkAck,
} from '@fleetmedic/protocol';
import type { AgentSocket } from '../agents/agents.gateway';
import { AgentJobChannel } from './agent-job-channel';
import { RolloutOrchestrator } from './rollout-orchestrator.service';

@WebSocketGateway({ namespace: AGENTS_NAMESPACE })
export class AgentJobsGateway implements OnGatewayConnection, OnGatewayDisconnect {
  private readonly logger = new Logger(AgentJobsGateway.name);

  constructor(
    private readonly channel: AgentJobChannel,
    private readonly orchestrator: RolloutOrchestrator,
  ) {}

  handleConnection(socket: AgentSocket): void {
    const { hostId } = socket.data;
    if (!hostId) return;
    this.channel.register(hostId, socket);
    // Jobs go once the agent has introduced itself, as every other message does.
    socket.once(AgentEvent.Hello, () => setImmediate(() => this.channel.introduced(hostId)));
  }

  handleDisconnect(socket: AgentSocket): void {
    if (socket.data.hostId) this.channel.unregister(socket.data.hostId, socket.id);
  }

  @SubscribeMessage(AgentEvent.JobProgress)
  async progress(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<void> {
    const parsed = parseWith(jobProgressSchema, body);
    if (!parsed.ok) {
      socket.emit('protocol-error', {
        code: ProtocolErrorCode.InvalidMessage,
        message: `Invalid job progress: ${parsed.message}`,
        issues: parsed.issues,
      });
      return;
    }
    await this.orchestrator.progress(socket.data.hostId, parsed.value);
  }

  @SubscribeMessage(AgentEvent.JobReport)
  async report(@ConnectedSocket() socket: AgentSocket, @MessageBody() body: unknown): Promise<Ack<OkAck>> {
    const parsed = parseWith(jobReportSchema, body);
    if (!parsed.ok) {
      this.logger.warn(`Refused a malformed job report from ${socket.data.hostId}: ${parsed.message}`);
      return {
        ok: false,
        error: {
          code: ProtocolErrorCode.InvalidMessage,
          message: `Invalid job report: ${parsed.message}`,
          issues: parsed.issues,
        },
      };
    }
    return this.orchestrator.report(socket.data.hostId, parsed.value);
  }
}
