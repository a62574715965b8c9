/** Who is making a request, once their credentials have been checked. */
import type { AuditActor, Principal, Role } from '@fleetmedic/protocol';
import type { UserEntity } from '../users/user.entity';
import { toUser } from '../users/user-view';

export interface RequestPrincipal {
  user: UserEntity;
  /** The role in effect: the user's, or the lower of a token's and its owner's. */
  role: Role;
  via: 'session' | 'token';
  sessionId?: string;
  tokenId?: string;
}

export function actorOf(principal: RequestPrincipal): AuditActor {
  return { ...userActor(principal.user), tokenId: principal.tokenId ?? null };
}

export function userActor(user: UserEntity): AuditActor {
  return { kind: 'user', id: user.id, name: user.username, tokenId: null };
}

export function toPrincipal(principal: RequestPrincipal): Principal {
  return { user: toUser(principal.user), role: principal.role, via: principal.via };
}
