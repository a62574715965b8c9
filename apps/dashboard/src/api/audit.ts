/** The `/api/audit` endpoint (approver and admin): newest first, a page at a time. */
import type { AuditList } from '@fleetmedic/protocol';
import { getJson } from './client';

export function listAudit(before?: number): Promise<AuditList> {
  return getJson<AuditList>('/audit', { query: { limit: 100, before } });
}
