/** Signed approval links from chat messages: what one opens (it approves nothing by itself). */
import type { ApprovalLink } from '@fleetmedic/protocol';
import { getJson } from './client';

export function openApprovalLink(token: string, signal?: AbortSignal): Promise<ApprovalLink> {
  return getJson<ApprovalLink>(`/approval-links/${encodeURIComponent(token)}`, { signal });
}
