/** A case A incident as GET /api/incidents/:id shows it, for unit specs of messages and payloads. */
import type { IncidentDetail } from '@fleetmedic/protocol';
import { decodeIncidentCode, incidentKnownIssues } from '../../incidents/incident-knowledge';
import { newHostFacts } from '../../testing/factories';
import { RPC_INTERNET } from './case-a-fleet';

export function sampleCaseAIncident(overrides: Partial<IncidentDetail> = {}): IncidentDetail {
  const evidence = ['The Print Spooler service terminated with the following error: %%87'];
  return {
    id: '0190f3c2-7a1b-7c3d-8e4f-a1b2c3d4e5f6',
    fingerprint: 'service:spooler:0x80070057',
    check: 'service',
    target: 'Spooler',
    code: '0x80070057',
    status: 'open',
    hostCount: 5,
    failingHostCount: 5,
    openedAt: '2026-11-22T08:50:03.000Z',
    resolvedAt: null,
    updatedAt: '2026-11-22T08:50:06.000Z',
    acknowledgedAt: null,
    knownIssue: null,
    symbol: 'E_INVALIDARG',
    decoded: decodeIncidentCode('0x80070057'),
    hosts: [],
    commonFactors: [
      {
        factor: 'registry-key:HKLM\\Software\\Microsoft\\Rpc\\Internet',
        kind: 'registry-key',
        label: 'HKLM\\Software\\Microsoft\\Rpc\\Internet present',
        value: 'HKLM\\Software\\Microsoft\\Rpc\\Internet',
        affected: { count: 5, total: 5 },
        healthy: { count: 0, total: 195 },
        pValue: 3.9e-10,
        lift: null,
      },
    ],
    knownIssues: incidentKnownIssues(
      'service:spooler:0x80070057',
      Array.from({ length: 5 }, () => ({
        evidence,
        facts: newHostFacts({ watchedRegistryKeys: { [RPC_INTERNET]: { present: true, values: {} } } }),
      })),
    ),
    timeline: [],
    ...overrides,
  };
}
