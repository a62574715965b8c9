/** Small factories of protocol messages for specs: valid by default, overridable field by field. */
import { randomBytes } from 'node:crypto';
import type { HostFacts, Observation, ObservationBatch } from '@fleetmedic/protocol';

/** A UUIDv7 (RFC 9562): time-ordered like the agent's ids. */
export function uuidv7(at = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(at, 0, 6);
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function newHostFacts(overrides: Partial<HostFacts> = {}): HostFacts {
  return {
    hostname: 'PC-001',
    osCaption: 'Microsoft Windows 10 企业版 LTSC',
    osVersion: '10.0.17763',
    osBuild: '17763.2183',
    edition: 'EnterpriseS',
    architecture: 'x64',
    domain: null,
    installedKbs: ['KB5005030'],
    agentVersion: '0.1.0-test',
    tags: [],
    site: null,
    watchedRegistryKeys: {},
    pendingReboot: false,
    lastBootAt: null,
    ...overrides,
  };
}

export function newServiceObservation(hostId: string, overrides: Partial<Observation> = {}): Observation {
  return {
    id: uuidv7(),
    hostId,
    check: 'service',
    target: 'Spooler',
    status: 'ok',
    code: null,
    codeOriginal: null,
    facts: {
      displayName: 'Print Spooler',
      state: 'RUNNING',
      startType: 'AUTO_START',
      win32ExitCode: 0,
      serviceSpecificExitCode: 0,
      pid: 4242,
    },
    evidence: [],
    observedAt: new Date().toISOString(),
    reason: 'change',
    ...overrides,
  };
}

export function newBatch(observations: Observation[]): ObservationBatch {
  return { batchId: uuidv7(), observations };
}
