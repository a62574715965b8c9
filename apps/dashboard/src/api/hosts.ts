/** The `/api/hosts` endpoints. */
import type { HostDetail, HostList } from '@fleetmedic/protocol';
import { getJson } from './client';

export function listHosts(signal?: AbortSignal): Promise<HostList> {
  return getJson<HostList>('/hosts', { signal });
}

export function getHost(id: string, signal?: AbortSignal): Promise<HostDetail> {
  return getJson<HostDetail>(`/hosts/${encodeURIComponent(id)}`, { signal });
}
