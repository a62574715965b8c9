/** The `/api/fleet` endpoints. */
import type { FleetHistory } from '@fleetmedic/protocol';
import { getJson } from './client';

export function getFleetHistory(minutes: number, signal?: AbortSignal): Promise<FleetHistory> {
  return getJson<FleetHistory>('/fleet/history', { query: { minutes }, signal });
}
