/**
 * Typed socket.io event maps for `/agents` and `/live`, used by the gateway, the agent and the dashboard.
 * Type-only: importing this file costs nothing at run time.
 */
import type {
  Ack,
  BatchAck,
  FactsUpdate,
  Heartbeat,
  Hello,
  HelloReply,
  OkAck,
  ProtocolError,
} from './agent-messages';
import type { FleetSample } from './api/fleet';
import type { JobView, RolloutView } from './api/remediation';
import type { JobDecisionAck, JobProgress, JobReport } from './job-messages';
import type { SignedJob } from './remediation-job';
import type { HostSummary } from './api/hosts';
import type { IncidentSummary } from './api/incidents';
import type { ObservationBatch } from './observation';

/** What an agent sends on `/agents`. */
export interface AgentToServerEvents {
  hello: (hello: Hello, ack: (reply: Ack<HelloReply>) => void) => void;
  heartbeat: (heartbeat: Heartbeat) => void;
  facts: (update: FactsUpdate, ack: (reply: Ack<OkAck>) => void) => void;
  observations: (batch: ObservationBatch, ack: (reply: Ack<BatchAck>) => void) => void;
  'job.progress': (progress: JobProgress) => void;
  'job.report': (report: JobReport, ack: (reply: Ack<OkAck>) => void) => void;
}

/** What the server sends an agent on `/agents`. */
export interface ServerToAgentEvents {
  'protocol-error': (error: ProtocolError) => void;
  job: (signed: SignedJob, ack: (decision: JobDecisionAck) => void) => void;
}

/** What the server pushes to dashboards on `/live`. */
export interface LiveServerToClientEvents {
  'host.updated': (host: HostSummary) => void;
  'fleet.sample': (sample: FleetSample) => void;
  /** An incident opened, grew, changed, was acknowledged, resolved or reopened. */
  'incident.updated': (incident: IncidentSummary) => void;
  'rollout.updated': (rollout: RolloutView) => void;
  'job.updated': (job: JobView) => void;
}

/** Dashboards send nothing on `/live` yet. */
export type LiveClientToServerEvents = Record<string, never>;
