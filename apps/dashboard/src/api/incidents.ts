/** The `/api/incidents` endpoints. */
import type { IncidentDetail, IncidentList, IncidentListQuery, IncidentSummary } from '@fleetmedic/protocol';
import { getJson, postJson } from './client';

/** Which incidents a list asks for: `open` (the server's default), `resolved` or `all`. */
export type IncidentListStatus = IncidentListQuery['status'];

export function listIncidents(status: IncidentListStatus, signal?: AbortSignal): Promise<IncidentList> {
  return getJson<IncidentList>('/incidents', { query: { status }, signal });
}

export function getIncident(id: string, signal?: AbortSignal): Promise<IncidentDetail> {
  return getJson<IncidentDetail>(`/incidents/${encodeURIComponent(id)}`, { signal });
}

/** Marks an incident as being handled; answers the incident as it is now. Acknowledging twice is harmless. */
export function acknowledgeIncident(id: string, signal?: AbortSignal): Promise<IncidentSummary> {
  return postJson<IncidentSummary>(`/incidents/${encodeURIComponent(id)}/ack`, undefined, { signal });
}
