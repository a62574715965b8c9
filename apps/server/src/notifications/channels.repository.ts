/** Channels' storage. Deleting a channel deletes its outbox and what it was told, all or nothing. */
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { DatabaseWrites } from '../database/database-writes';
import { ToldEntity } from './alert-group.entity';
import { ChannelEntity } from './channel.entity';
import { DeliveryEntity } from './delivery.entity';

@Injectable()
export class ChannelsRepository {
  constructor(
    @InjectRepository(ChannelEntity) private readonly channels: Repository<ChannelEntity>,
    private readonly writes: DatabaseWrites,
  ) {}

  list(): Promise<ChannelEntity[]> {
    return this.channels.find({ order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findById(id: string): Promise<ChannelEntity | null> {
    return this.channels.findOneBy({ id });
  }

  async insert(channel: ChannelEntity): Promise<void> {
    await this.writes.transaction((manager) => manager.insert(ChannelEntity, channel));
  }

  async save(channel: ChannelEntity): Promise<void> {
    await this.writes.transaction((manager) => manager.save(ChannelEntity, channel));
  }

  async delete(id: string): Promise<void> {
    await this.writes.transaction(async (manager) => {
      await manager.delete(DeliveryEntity, { channelId: id });
      await manager.delete(ToldEntity, { channelId: id });
      await manager.delete(ChannelEntity, { id });
    });
  }
}
