/** The known-issue catalog (`GET /api/known-issues`). */
import type { KnownIssueList } from '@fleetmedic/protocol';
import { getJson } from './client';

export function listKnownIssues(signal?: AbortSignal): Promise<KnownIssueList> {
  return getJson<KnownIssueList>('/known-issues', { signal });
}
