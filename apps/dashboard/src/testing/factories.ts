/** Small builders of API shapes for unit specs: a valid default, overridden where a test cares. */
import type {
  CheckState,
  CommonFactor,
  FleetSample,
  HostSummary,
  IncidentEvent,
  IncidentHost,
  IncidentSummary,
} from '@fleetmedic/protocol';

let sequence = 0;

function nextId(): string {
  sequence += 1;
  return `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`;
}

export function newCheck(overrides: Partial<CheckState> = {}): CheckState {
  return {
    check: 'service',
    target: 'Spooler',
    status: 'ok',
    code: null,
    codeOriginal: null,
    facts: { displayName: 'Print Spooler', state: 'RUNNING', startType: 'AUTO_START' },
    evidence: [],
    observationId: nextId(),
    observedAt: '2026-11-22T08:00:00.000Z',
    changedAt: '2026-11-22T07:00:00.000Z',
    ...overrides,
  };
}

export function newHost(overrides: Partial<HostSummary> = {}): HostSummary {
  return {
    id: nextId(),
    hostname: `PC-${String(sequence).padStart(3, '0')}`,
    online: true,
    health: 'healthy',
    lastSeenAt: '2026-11-22T08:00:00.000Z',
    enrolledAt: '2026-11-01T08:00:00.000Z',
    agentVersion: '0.1.0',
    osBuild: '17763.2183',
    outboxDepth: 0,
    checks: [newCheck()],
    ...overrides,
  };
}

export function newSample(at: string, overrides: Partial<FleetSample> = {}): FleetSample {
  return { at, total: 10, online: 9, offline: 1, healthy: 8, failing: 2, ...overrides };
}

export function newIncident(overrides: Partial<IncidentSummary> = {}): IncidentSummary {
  return {
    id: nextId(),
    fingerprint: 'service:spooler:0x80070057',
    check: 'service',
    target: 'Spooler',
    code: '0x80070057',
    status: 'open',
    hostCount: 5,
    failingHostCount: 5,
    openedAt: '2026-11-22T08:00:00.000Z',
    resolvedAt: null,
    updatedAt: '2026-11-22T08:05:00.000Z',
    acknowledgedAt: null,
    knownIssue: null,
    symbol: 'E_INVALIDARG',
    ...overrides,
  };
}

export function newIncidentEvent(at: string, overrides: Partial<IncidentEvent> = {}): IncidentEvent {
  return { at, kind: 'host-joined', hostId: null, hostname: null, failingHostCount: 1, ...overrides };
}

export function newIncidentHost(overrides: Partial<IncidentHost> = {}): IncidentHost {
  return {
    hostId: nextId(),
    hostname: `PC-${String(sequence).padStart(3, '0')}`,
    online: true,
    since: '2026-11-22T08:00:00.000Z',
    recoveredAt: null,
    evidence: [],
    ...overrides,
  };
}

export function newFactor(overrides: Partial<CommonFactor> = {}): CommonFactor {
  return {
    factor: 'registry-key:HKLM\\Software\\Microsoft\\Rpc\\Internet',
    kind: 'registry-key',
    label: 'HKLM\\Software\\Microsoft\\Rpc\\Internet present',
    value: 'HKLM\\Software\\Microsoft\\Rpc\\Internet',
    affected: { count: 5, total: 5 },
    healthy: { count: 0, total: 195 },
    pValue: 1.2e-9,
    lift: null,
    ...overrides,
  };
}

/** A response the way the server sends one: JSON with its status. */
export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
  });
}

/** A promise resolved from outside, to hold a request in flight while a test does something else. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => {
    resolve = settle;
  });
  return { promise, resolve };
}
