/** Turning stored rows into the REST and live shapes of a host. */
import { type CheckState, type HostDetail, type HostSummary, hostHealth } from '@fleetmedic/protocol';
import type { CheckStateEntity } from './check-state.entity';
import type { HostEntity } from './host.entity';

export function toCheckState(row: CheckStateEntity): CheckState {
  return {
    check: row.check,
    target: row.target,
    status: row.status,
    code: row.code,
    codeOriginal: row.codeOriginal,
    facts: row.facts,
    evidence: row.evidence,
    observationId: row.observationId,
    observedAt: row.observedAt,
    changedAt: row.changedAt,
  };
}

export function toHostSummary(host: HostEntity, checkRows: readonly CheckStateEntity[]): HostSummary {
  const checks = checkRows.map(toCheckState);
  return {
    id: host.id,
    hostname: host.hostname,
    online: host.online,
    health: hostHealth(checks),
    lastSeenAt: host.lastSeenAt,
    enrolledAt: host.enrolledAt,
    agentVersion: host.agentVersion,
    osBuild: host.facts?.osBuild ?? null,
    outboxDepth: host.outboxDepth,
    checks,
  };
}

export function toHostDetail(host: HostEntity, checkRows: readonly CheckStateEntity[]): HostDetail {
  return { ...toHostSummary(host, checkRows), facts: host.facts };
}
