/**
 * The delivery outbox: messages queued with what their channel will then have been told (one
 * transaction), claimed one at a time per channel, and finished as delivered, rescheduled or dead.
 */
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, In, IsNull, LessThanOrEqual, MoreThanOrEqual, Not, type Repository } from 'typeorm';
import { DatabaseWrites } from '../database/database-writes';
import { ToldEntity } from './alert-group.entity';
import { DeliveryEntity, type DeliveryRowStatus } from './delivery.entity';

const OPEN: DeliveryRowStatus[] = ['pending', 'sending'];

export interface ChannelCounts {
  channelId: string;
  pending: number;
  delivered: number;
  dead: number;
}

@Injectable()
export class OutboxRepository {
  constructor(
    @InjectRepository(DeliveryEntity) private readonly deliveries: Repository<DeliveryEntity>,
    private readonly writes: DatabaseWrites,
  ) {}

  /**
   * Queues `delivery` unless the channel already has this news (its dedupe key), and records what the
   * channel has then been told. Returns whether a message was queued.
   */
  async enqueue(delivery: DeliveryEntity, told: ToldEntity | null): Promise<boolean> {
    try {
      return await this.writes.transaction(async (manager) => {
        const seen = await manager.existsBy(DeliveryEntity, {
          channelId: delivery.channelId,
          dedupeKey: delivery.dedupeKey,
        });
        if (!seen) await manager.insert(DeliveryEntity, delivery);
        if (told !== null) await manager.save(ToldEntity, told);
        return !seen;
      });
    } catch (error) {
      // Another server instance queued the same news a moment before: it is queued once, as wanted.
      if (await this.deliveries.existsBy({ channelId: delivery.channelId, dedupeKey: delivery.dedupeKey }))
        return false;
      throw error;
    }
  }

  findById(id: string): Promise<DeliveryEntity | null> {
    return this.deliveries.findOneBy({ id });
  }

  /** Each channel's oldest undelivered message: messages leave a channel in the order they were queued. */
  heads(): Promise<DeliveryEntity[]> {
    return this.deliveries
      .createQueryBuilder('d')
      .where('d.status IN (:...open)', { open: OPEN })
      .andWhere(
        (qb) =>
          `d.id = ${qb
            .subQuery()
            .select('MIN(d2.id)')
            .from(DeliveryEntity, 'd2')
            .where('"d2"."channel_id" = "d"."channel_id"')
            .andWhere('"d2"."status" IN (:...open)')
            .getQuery()}`,
      )
      .getMany();
  }

  /** Takes the message for one attempt; false when someone else has it or it is not due. */
  async claim(id: string, now: string, leaseUntil: string): Promise<boolean> {
    const result = await this.writes.transaction((manager) =>
      manager
        .createQueryBuilder()
        .update(DeliveryEntity)
        .set({ status: 'sending', leaseUntil })
        .where('id = :id', { id })
        .andWhere(
          new Brackets((qb) =>
            qb
              .where('status = :pending', { pending: 'pending' })
              .orWhere(
                new Brackets((lease) =>
                  lease
                    .where('status = :sending', { sending: 'sending' })
                    .andWhere('lease_until <= :now', { now }),
                ),
              ),
          ),
        )
        .execute(),
    );
    return (result.affected ?? 0) === 1;
  }

  async finish(id: string, fields: Partial<DeliveryEntity>): Promise<void> {
    await this.writes.transaction((manager) =>
      manager.update(DeliveryEntity, { id, status: 'sending' }, { ...fields, leaseUntil: null }),
    );
  }

  /** A dead letter queued again, its attempts counted afresh. */
  async requeue(id: string, now: string): Promise<void> {
    await this.writes.transaction((manager) =>
      manager.update(
        DeliveryEntity,
        { id, status: 'dead' },
        { status: 'pending', attempts: 0, nextAttemptAt: now, lastError: null, lastStatusCode: null },
      ),
    );
  }

  listByIncident(incidentId: string): Promise<DeliveryEntity[]> {
    return this.deliveries.find({ where: { incidentId }, order: { id: 'ASC' } });
  }

  listByChannel(
    channelId: string,
    status: DeliveryRowStatus[] | null,
    limit: number,
  ): Promise<DeliveryEntity[]> {
    return this.deliveries.find({
      where: status === null ? { channelId } : { channelId, status: In(status) },
      order: { id: 'DESC' },
      take: limit,
    });
  }

  async countsByChannel(): Promise<ChannelCounts[]> {
    const rows = await this.deliveries
      .createQueryBuilder('d')
      .select('d.channelId', 'channelId')
      .addSelect('d.status', 'status')
      .addSelect('COUNT(*)', 'count')
      .groupBy('d.channelId')
      .addGroupBy('d.status')
      .getRawMany<{ channelId: string; status: DeliveryRowStatus; count: string | number }>();
    const byChannel = new Map<string, ChannelCounts>();
    for (const row of rows) {
      const counts = byChannel.get(row.channelId) ?? {
        channelId: row.channelId,
        pending: 0,
        delivered: 0,
        dead: 0,
      };
      const count = Number(row.count);
      if (row.status === 'delivered') counts.delivered += count;
      else if (row.status === 'dead') counts.dead += count;
      else counts.pending += count;
      byChannel.set(row.channelId, counts);
    }
    return [...byChannel.values()];
  }

  /** The channel's latest attempted message (for its last delivery time and last error). */
  latestAttempted(channelId: string): Promise<DeliveryEntity | null> {
    return this.deliveries.findOne({
      where: { channelId, lastAttemptAt: Not(IsNull()) },
      order: { lastAttemptAt: 'DESC' },
    });
  }

  latestDelivered(channelId: string): Promise<DeliveryEntity | null> {
    return this.deliveries.findOne({
      where: { channelId, status: 'delivered' },
      order: { deliveredAt: 'DESC' },
    });
  }

  /** Attempts since `since`, to seed the rate limits after a restart. */
  attemptedSince(since: string): Promise<Pick<DeliveryEntity, 'channelId' | 'lastAttemptAt'>[]> {
    return this.deliveries.find({
      select: { channelId: true, lastAttemptAt: true },
      where: { lastAttemptAt: MoreThanOrEqual(since) },
    });
  }

  /** Whether anything is due by `at` (for tests and the bench that wait for the outbox to drain). */
  async dueBy(at: string): Promise<number> {
    return this.deliveries.countBy({ status: 'pending', nextAttemptAt: LessThanOrEqual(at) });
  }
}
