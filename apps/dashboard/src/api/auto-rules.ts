/** The `/api/auto-remediation-rules` endpoints: standing approvals for future incidents. */
import type { AutoRuleList, AutoRuleRequest, AutoRuleView } from '@fleetmedic/protocol';
import { deleteJson, getJson, postJson } from './client';

export function listAutoRules(signal?: AbortSignal): Promise<AutoRuleList> {
  return getJson<AutoRuleList>('/auto-remediation-rules', { signal });
}

export function createAutoRule(request: AutoRuleRequest): Promise<AutoRuleView> {
  return postJson<AutoRuleView>('/auto-remediation-rules', request);
}

export function deleteAutoRule(id: string): Promise<void> {
  return deleteJson(`/auto-remediation-rules/${encodeURIComponent(id)}`);
}
