/** Queries over chat identities. */
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DatabaseWrites } from '../database/database-writes';
import { ChatIdentityEntity } from './chat-identity.entity';

@Injectable()
export class ChatIdentitiesRepository {
  constructor(
    @InjectRepository(ChatIdentityEntity) private readonly identities: Repository<ChatIdentityEntity>,
    private readonly writes: DatabaseWrites,
  ) {}

  listByUser(userId: string): Promise<ChatIdentityEntity[]> {
    return this.identities.find({ where: { userId }, order: { platform: 'ASC', createdAt: 'ASC' } });
  }

  findById(id: string): Promise<ChatIdentityEntity | null> {
    return this.identities.findOneBy({ id });
  }

  findSlack(teamId: string, memberId: string): Promise<ChatIdentityEntity | null> {
    return this.identities.findOneBy({ platform: 'slack', teamId, externalId: memberId });
  }

  /** By open_id, or by union_id when the link gave one (it survives a change of app). */
  async findFeishu(openId: string, unionId: string | null): Promise<ChatIdentityEntity | null> {
    const byOpenId = await this.identities.findOneBy({ platform: 'feishu', teamId: '', externalId: openId });
    if (byOpenId !== null || unionId === null) return byOpenId;
    return this.identities.findOneBy({ platform: 'feishu', unionId });
  }

  /** Inserts the identity unless the same account is linked already; answers the one that holds it then. */
  insert(identity: ChatIdentityEntity): Promise<ChatIdentityEntity | null> {
    return this.writes.transaction(async (manager) => {
      const holder = await manager.findOneBy(ChatIdentityEntity, {
        platform: identity.platform,
        teamId: identity.teamId,
        externalId: identity.externalId,
      });
      if (holder) return holder;
      if (identity.unionId !== null) {
        const sameUnion = await manager.findOneBy(ChatIdentityEntity, {
          platform: identity.platform,
          unionId: identity.unionId,
        });
        if (sameUnion) return sameUnion;
      }
      await manager.insert(ChatIdentityEntity, identity);
      return null;
    });
  }

  async delete(id: string): Promise<void> {
    await this.writes.transaction((manager) => manager.delete(ChatIdentityEntity, { id }));
  }
}
