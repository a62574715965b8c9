/**
 * Runtime constants of the wire protocol, free of any schema library so that the agent can import them
 * without paying for zod in its memory budget. Types and schemas live beside, in the package root.
 */

/** Bumped on any incompatible change to a message; the server refuses agents that speak another version. */
export const PROTOCOL_VERSION = 1;

/** socket.io namespace the agents connect to. */
export const AGENTS_NAMESPACE = '/agents';
/** socket.io namespace the dashboard connects to for live updates. */
export const LIVE_NAMESPACE = '/live';

/** Events an agent emits on `/agents`. */
export const AgentEvent = {
  Hello: 'hello',
  Heartbeat: 'heartbeat',
  Facts: 'facts',
  Observations: 'observations',
  /** A step of a remediation job started, succeeded or failed (informational, for live progress). */
  JobProgress: 'job.progress',
  /** A remediation job finished; kept by the agent and sent again until the server acks it. */
  JobReport: 'job.report',
} as const;

/** Events the server emits to an agent on `/agents`. */
export const ServerAgentEvent = {
  ProtocolError: 'protocol-error',
  /** A signed remediation job; the agent acks with its decision (accepted, or the refusal). */
  Job: 'job',
} as const;

/** Events the server emits to dashboards on `/live`. */
export const LiveEvent = {
  HostUpdated: 'host.updated',
  FleetSample: 'fleet.sample',
  IncidentUpdated: 'incident.updated',
  /** A rollout was approved, advanced a phase, halted, completed or was cancelled. */
  RolloutUpdated: 'rollout.updated',
  /** A job changed state or one of its steps reported. */
  JobUpdated: 'job.updated',
} as const;

/** What an agent observes. More kinds arrive as probes do. */
export const CHECKS = ['service', 'patch', 'reboot', 'registry'] as const;
export type Check = (typeof CHECKS)[number];

export const OBSERVATION_STATUSES = ['ok', 'failing', 'unknown'] as const;
export type ObservationStatus = (typeof OBSERVATION_STATUSES)[number];

/** A host's overall state (see `hostHealth` in `fleet-health.ts`). */
export const HOST_HEALTH = ['healthy', 'failing', 'unknown'] as const;
export type HostHealth = (typeof HOST_HEALTH)[number];

/** Why an observation was sent: its check changed, or the periodic full snapshot. */
export const OBSERVATION_REASONS = ['change', 'snapshot'] as const;
export type ObservationReason = (typeof OBSERVATION_REASONS)[number];

/** Service states by their Service Control Manager names, whatever the language of Windows. */
export const SERVICE_STATES = [
  'STOPPED',
  'START_PENDING',
  'STOP_PENDING',
  'RUNNING',
  'CONTINUE_PENDING',
  'PAUSE_PENDING',
  'PAUSED',
] as const;
export type ServiceState = (typeof SERVICE_STATES)[number];

/** Service start types by their SCM names (`sc qc` prints these). */
export const SERVICE_START_TYPES = [
  'BOOT_START',
  'SYSTEM_START',
  'AUTO_START',
  'DEMAND_START',
  'DISABLED',
] as const;
export type ServiceStartType = (typeof SERVICE_START_TYPES)[number];

/** Upper bounds that keep one message small enough to validate and store in one go. */
export const LIMITS = {
  observationsPerBatch: 500,
  evidenceLines: 50,
  evidenceLineLength: 2000,
  factsPerObservation: 64,
  targetLength: 256,
} as const;

/** Codes of the errors the server returns to an agent, in acks and in `protocol-error`. */
export const ProtocolErrorCode = {
  InvalidMessage: 'INVALID_MESSAGE',
  HostMismatch: 'HOST_MISMATCH',
  UnsupportedVersion: 'UNSUPPORTED_VERSION',
  NotReady: 'NOT_READY',
  Internal: 'INTERNAL',
} as const;
export type ProtocolErrorCode = (typeof ProtocolErrorCode)[keyof typeof ProtocolErrorCode];

/** Codes of the reasons a connection to `/agents` is refused (the `connect_error` message's `data.code`). */
export const ConnectRefusal = {
  MissingCredentials: 'MISSING_CREDENTIALS',
  InvalidCredentials: 'INVALID_CREDENTIALS',
  /** An admin revoked this agent: it must be enrolled again. */
  Revoked: 'AGENT_REVOKED',
  UnsupportedVersion: 'UNSUPPORTED_VERSION',
  /** `/live`: no valid session cookie or API token. */
  Unauthenticated: 'UNAUTHENTICATED',
} as const;
export type ConnectRefusal = (typeof ConnectRefusal)[keyof typeof ConnectRefusal];

/** Every error code on the wire, in the database and in the API: 8-digit lowercase hex, e.g. `0x80070057`. */
export const NORMALIZED_CODE_PATTERN = /^0x[0-9a-f]{8}$/;

/** Why an agent refused a remediation job (its JobGuard, in this order of checks). */
export const JobRefusal = {
  Malformed: 'MALFORMED',
  BadSignature: 'BAD_SIGNATURE',
  WrongHost: 'WRONG_HOST',
  Expired: 'EXPIRED',
  /** The job id was accepted before: it never runs twice (the server treats this as "already has it"). */
  Replayed: 'REPLAYED',
  UnknownStep: 'UNKNOWN_STEP',
  RemediationDisabled: 'REMEDIATION_DISABLED',
  PlaybookNotAllowed: 'PLAYBOOK_NOT_ALLOWED',
  /** The agent is still running another job; the server sends this one again later. */
  Busy: 'BUSY',
} as const;
export type JobRefusal = (typeof JobRefusal)[keyof typeof JobRefusal];

/**
 * How a job ended on the PC: every step succeeded and verified; a step failed and everything that ran was put
 * back; or a step failed and putting it back failed too (the PC needs a person).
 */
export const JOB_OUTCOMES = ['succeeded', 'rolled-back', 'rollback-failed'] as const;
export type JobOutcome = (typeof JOB_OUTCOMES)[number];

export const STEP_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type StepStatus = (typeof STEP_STATUSES)[number];

/** A job step runs in the playbook (`run`) or while undoing a failed run (`rollback`). */
export const STEP_PHASES = ['run', 'rollback'] as const;
export type StepPhase = (typeof STEP_PHASES)[number];

/** Bounds of what an agent reports about a job. */
export const JOB_LIMITS = {
  steps: 64,
  messageLength: 2000,
  outputLines: 20,
  outputLineLength: 500,
} as const;
