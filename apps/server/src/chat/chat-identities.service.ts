/**
 * Who a chat account is in FleetMedic. Admins link a person's Slack member or Feishu user to their
 * FleetMedic user (audited); everyone sees their own links. A button pressed in chat acts as the linked
 * user, with that user's role as it is at that moment.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ChatIdentity, LinkChatIdentityRequest } from '@fleetmedic/protocol';
import { AuditService } from '../audit/audit.service';
import { type RequestPrincipal, actorOf } from '../auth/principal';
import type { UserEntity } from '../users/user.entity';
import { UsersError, UsersErrorCode } from '../users/users.errors';
import { UsersRepository } from '../users/users.repository';
import { ChatError } from './chat.errors';
import { ChatIdentitiesRepository } from './chat-identities.repository';
import { ChatIdentityEntity } from './chat-identity.entity';

/** A chat account that maps to an active FleetMedic user. */
export interface LinkedUser {
  identity: ChatIdentityEntity;
  user: UserEntity;
}

@Injectable()
export class ChatIdentitiesService {
  constructor(
    private readonly identities: ChatIdentitiesRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
  ) {}

  async list(userId: string): Promise<ChatIdentity[]> {
    const user = await this.findUser(userId);
    return (await this.identities.listByUser(userId)).map((row) => toChatIdentity(row, user.username));
  }

  mine(principal: RequestPrincipal): Promise<ChatIdentity[]> {
    return this.list(principal.user.id);
  }

  async link(
    principal: RequestPrincipal,
    userId: string,
    request: LinkChatIdentityRequest,
    ip: string,
  ): Promise<ChatIdentity> {
    const user = await this.findUser(userId);
    const identity = Object.assign(new ChatIdentityEntity(), {
      id: randomUUID(),
      userId,
      platform: request.platform,
      externalId: request.platform === 'slack' ? request.userId : request.openId,
      teamId: request.platform === 'slack' ? request.teamId : '',
      unionId: request.platform === 'feishu' ? (request.unionId ?? null) : null,
      createdAt: new Date().toISOString(),
    } satisfies ChatIdentityEntity);
    const holder = await this.identities.insert(identity);
    if (holder !== null) {
      const owner = await this.users.findById(holder.userId);
      throw ChatError.identityTaken(describe(identity), owner?.username ?? holder.userId);
    }
    await this.audit.record({
      action: 'chat_identity.linked',
      outcome: 'success',
      actor: actorOf(principal),
      target: `user:${userId}`,
      ip,
      detail: { username: user.username, identityId: identity.id, ...accountDetail(identity) },
    });
    return toChatIdentity(identity, user.username);
  }

  async unlink(principal: RequestPrincipal, userId: string, identityId: string, ip: string): Promise<void> {
    const user = await this.findUser(userId);
    const identity = await this.identities.findById(identityId);
    if (!identity || identity.userId !== userId) throw ChatError.identityNotFound(identityId);
    await this.identities.delete(identityId);
    await this.audit.record({
      action: 'chat_identity.unlinked',
      outcome: 'success',
      actor: actorOf(principal),
      target: `user:${userId}`,
      ip,
      detail: { username: user.username, identityId, ...accountDetail(identity) },
    });
  }

  /** The FleetMedic user a Slack member acts as; null when unlinked or the user is disabled. */
  async slackUser(teamId: string, memberId: string): Promise<LinkedUser | null> {
    return this.withUser(await this.identities.findSlack(teamId, memberId));
  }

  async feishuUser(openId: string, unionId: string | null): Promise<LinkedUser | null> {
    return this.withUser(await this.identities.findFeishu(openId, unionId));
  }

  private async withUser(identity: ChatIdentityEntity | null): Promise<LinkedUser | null> {
    if (identity === null) return null;
    const user = await this.users.findById(identity.userId);
    return user && !user.disabled ? { identity, user } : null;
  }

  private async findUser(id: string): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw new UsersError(UsersErrorCode.UserNotFound, `No user ${id}.`);
    return user;
  }
}

function describe(identity: ChatIdentityEntity): string {
  return identity.platform === 'slack'
    ? `Slack member ${identity.externalId} of workspace ${identity.teamId}`
    : `Feishu user ${identity.unionId !== null ? `${identity.externalId} / ${identity.unionId}` : identity.externalId}`;
}

function accountDetail(identity: ChatIdentityEntity): Record<string, unknown> {
  return identity.platform === 'slack'
    ? { platform: 'slack', slackUserId: identity.externalId, slackTeamId: identity.teamId }
    : { platform: 'feishu', openId: identity.externalId, unionId: identity.unionId };
}

export function toChatIdentity(row: ChatIdentityEntity, username: string): ChatIdentity {
  return {
    id: row.id,
    userId: row.userId,
    username,
    platform: row.platform,
    externalId: row.externalId,
    teamId: row.platform === 'slack' ? row.teamId : null,
    unionId: row.unionId,
    createdAt: row.createdAt,
  };
}
