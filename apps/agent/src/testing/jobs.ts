/** Remediation jobs for specs: a catalog playbook as the server would send it, for one host and incident. */
import { randomUUID } from 'node:crypto';
import { INCIDENT_KB, PLAYBOOKS, type PlaybookId } from '@fleetmedic/knowledge';
import type { JobStep, RemediationJob } from '@fleetmedic/protocol/remediation-job';
import { TEST_HOST_ID } from './factories';

export interface NewJobOptions {
  hostId?: string;
  /** Fills the playbook's `${incident.kb}`. */
  kb?: string;
  overrides?: Partial<RemediationJob>;
}

export function newJob(playbookId: PlaybookId, options: NewJobOptions = {}): RemediationJob {
  const playbook = PLAYBOOKS[playbookId];
  const now = Date.now();
  return {
    jobId: randomUUID(),
    hostId: options.hostId ?? TEST_HOST_ID,
    incidentId: randomUUID(),
    playbookId,
    playbookVersion: playbook.version,
    steps: playbook.steps.map(
      (step) =>
        Object.fromEntries(
          Object.entries(step).map(([field, value]) => [
            field,
            value === INCIDENT_KB ? (options.kb ?? 'KB5005030') : value,
          ]),
        ) as JobStep,
    ),
    issuedAt: new Date(now - 1_000).toISOString(),
    expiresAt: new Date(now + 3_600_000).toISOString(),
    ...options.overrides,
  };
}
