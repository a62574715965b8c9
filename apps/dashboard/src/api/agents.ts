/** Agent administration (admin). */
import type { RevokedAgent } from '@fleetmedic/protocol';
import { postJson } from './client';

/** The agent's token stops working and its connections close at once. */
export function revokeAgent(id: string): Promise<RevokedAgent> {
  return postJson<RevokedAgent>(`/agents/${encodeURIComponent(id)}/revoke`);
}
