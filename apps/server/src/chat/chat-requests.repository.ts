/**
 * The signed requests from chat platforms already taken, kept until their timestamp could no longer pass
 * the five-minute check. In the database, so that a request replayed to another server instance behind the
 * load balancer is refused as well.
 */
import { Injectable } from '@nestjs/common';
import { LessThan } from 'typeorm';
import { DatabaseWrites } from '../database/database-writes';
import { ChatRequestSeenEntity } from './chat-request-seen.entity';

@Injectable()
export class ChatRequestsRepository {
  constructor(private readonly writes: DatabaseWrites) {}

  /** Remembers `key` until `expiresAt`; false when it was remembered already (a replay). */
  async remember(key: string, expiresAt: string, now: string): Promise<boolean> {
    try {
      return await this.writes.transaction(async (manager) => {
        await manager.delete(ChatRequestSeenEntity, { expiresAt: LessThan(now) });
        if (await manager.existsBy(ChatRequestSeenEntity, { key })) return false;
        await manager.insert(ChatRequestSeenEntity, { key, expiresAt });
        return true;
      });
    } catch (error) {
      // PostgreSQL: the same request inserted by another instance at the same moment.
      if (await this.writes.transaction((manager) => manager.existsBy(ChatRequestSeenEntity, { key })))
        return false;
      throw error;
    }
  }
}
