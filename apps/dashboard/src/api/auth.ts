/** The `/api/auth` endpoints: sign in, sign out, who am I. */
import type { Principal } from '@fleetmedic/protocol';
import { getJson, postJson } from './client';

export function login(username: string, password: string): Promise<Principal> {
  return postJson<Principal>('/auth/login', { username, password });
}

export function logout(): Promise<void> {
  return postJson<void>('/auth/logout');
}

export function getMe(): Promise<Principal> {
  return getJson<Principal>('/auth/me');
}
