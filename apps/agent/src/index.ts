/**
 * @fleetmedic/agent as a library, for the e2e tests and the benchmarks: run agents (one per PC, or a whole
 * simulated fleet in one process), inject faults into simulated PCs or play a field case with noise on a fleet
 * (startScenario), make remediation steps fail on a simulated PC (injectStepFailure), follow observations to
 * the server's ack and jobs to their acknowledged report.
 * Loading it never loads zod.
 */
export { Agent, DEFAULT_STOP_DEADLINE_MS } from './agent';
export type {
  AgentEvents,
  AgentLinkCredentials,
  AgentOptions,
  AgentRemediationOptions,
  LinkTuning,
} from './agent';
export type { RemediationPolicy } from './remediation/job-guard';
export { DEFAULT_REMEDIATION_POLICY } from './remediation/local-policy';
export type { ChangeStep, StepContext, StepOutcome, StepRunner } from './remediation/step-runner';
export type { InjectStepFailureOptions, StepRun } from './host/simulated/simulated-steps';
export { outboxEmptied, waitForAgent } from './agent-events';
export { FleetEnrollmentError, SIMULATED_PROBE_INTERVAL_MS, startSimulatedFleet } from './simulate/fleet';
export type { SimulatedFleet, SimulatedFleetOptions } from './simulate/fleet';
export { ScenarioOptionsError, startScenario, startScenarioWhenReported } from './simulate/scenarios';
export type { ScenarioOptions, ScenarioRun, ScenarioTarget } from './simulate/scenarios';
export { DEFAULT_AFFECTED, SCENARIO_CHOICES, SCENARIO_NAMES } from './simulate/scenario-names';
export type { ScenarioChoice, ScenarioName } from './simulate/scenario-names';
export {
  DEFAULT_NOISE_TIMING,
  FLAPPING_ONE_IN,
  MAX_NOISE_HOSTS,
  noiseCode,
  startNoise,
} from './simulate/noise';
export type { FleetNoise, NoiseKind, NoiseOptions, NoiseTiming, NoiseTouch } from './simulate/noise';
export {
  CASE_A_RPC_INTERNET_VALUES,
  CASE_A_WIN32_ERROR,
  CASE_B_CBS_LOG,
  CASE_B_KB,
  applyCaseA,
  applyCaseB,
  clearCaseA,
  clearCaseB,
} from './host/simulated/field-cases';
export { SimulatedHost } from './host/simulated/simulated-host';
export type {
  FailPatchOptions,
  InstallKbOptions,
  SimulatedHostOptions,
  SimulatedProbe,
} from './host/simulated/simulated-host';
export type { Host, PatchResult, PatchStatus, PendingReboot, ServiceStatus } from './host/host';
export { DEFAULT_PROBE_INTERVAL_MS, DEFAULT_SNAPSHOT_INTERVAL_MS } from './checks/check-runner';
export { DEFAULT_WATCH_LIST, RPC_INTERNET_KEY } from './checks/watch-list';
export type { WatchList } from './checks/watch-list';
export { EnrollmentError, enroll } from './link/enrollment';
export type { EnrollOptions, EnrollmentFailure } from './link/enrollment';
export { readCredentials, writeCredentials } from './link/credentials';
export type { AgentCredentials } from './link/credentials';
export type { Refusal } from './link/connection';
export { MAX_BATCH_BYTES } from './link/batches';
export { DEAD_LETTERS_FILE, OBSERVATION_TOO_LARGE } from './link/dead-letters';
export type { SetAsideReason } from './link/dead-letters';
export type { Logger } from './logging/logger';
export { uuidv7 } from './ids/uuid-v7';
export { AGENT_VERSION } from './version';
