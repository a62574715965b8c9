/** The `/api/users` endpoints (admin). */
import type { CreateUserRequest, UpdateUserRequest, User, UserList } from '@fleetmedic/protocol';
import { getJson, patchJson, postJson } from './client';

export function listUsers(): Promise<UserList> {
  return getJson<UserList>('/users');
}

export function createUser(request: CreateUserRequest): Promise<User> {
  return postJson<User>('/users', request);
}

export function updateUser(id: string, update: UpdateUserRequest): Promise<User> {
  return patchJson<User>(`/users/${encodeURIComponent(id)}`, update);
}
