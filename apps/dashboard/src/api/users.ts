/** The `/api/users` endpoints (admin), and the chat identities that let a user approve from chat. */
import type {
  ChatIdentity,
  ChatIdentityList,
  CreateUserRequest,
  LinkChatIdentityRequest,
  UpdateUserRequest,
  User,
  UserList,
} from '@fleetmedic/protocol';
import { deleteJson, getJson, patchJson, postJson } from './client';

export function listUsers(): Promise<UserList> {
  return getJson<UserList>('/users');
}

export function createUser(request: CreateUserRequest): Promise<User> {
  return postJson<User>('/users', request);
}

export function updateUser(id: string, update: UpdateUserRequest): Promise<User> {
  return patchJson<User>(`/users/${encodeURIComponent(id)}`, update);
}

export function listChatIdentities(userId: string): Promise<ChatIdentityList> {
  return getJson<ChatIdentityList>(`/users/${encodeURIComponent(userId)}/chat-identities`);
}

export function linkChatIdentity(userId: string, request: LinkChatIdentityRequest): Promise<ChatIdentity> {
  return postJson<ChatIdentity>(`/users/${encodeURIComponent(userId)}/chat-identities`, request);
}

export function unlinkChatIdentity(userId: string, identityId: string): Promise<void> {
  return deleteJson(`/users/${encodeURIComponent(userId)}/chat-identities/${encodeURIComponent(identityId)}`);
}
