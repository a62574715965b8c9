/**
 * One message to one channel in the outbox: queued, attempted until the platform takes it, or given up as a
 * dead letter. `sending` marks an attempt in flight; a row left `sending` by a crash is attempted again.
 */
import type { NotificationKind } from '@fleetmedic/protocol';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type DeliveryRowStatus = 'pending' | 'sending' | 'delivered' | 'dead';

@Entity({ name: 'notification_delivery' })
@Index('notification_delivery_once', ['channelId', 'dedupeKey'], { unique: true })
@Index('notification_delivery_status', ['status', 'channelId'])
@Index('notification_delivery_incident', ['incidentId'])
export class DeliveryEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'channel_id', type: 'varchar', length: 36 })
  channelId: string;

  @Column({ name: 'incident_id', type: 'varchar', length: 36, nullable: true })
  incidentId: string | null;

  @Column({ type: 'varchar', length: 32 })
  kind: NotificationKind;

  /** What the message tells, for "never the same news twice" (unique per channel). */
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200 })
  dedupeKey: string;

  @Column({ type: 'varchar', length: 300 })
  headline: string;

  /** The platform's JSON body, unsigned. */
  @Column({ type: 'text' })
  body: string;

  @Column({ type: 'varchar', length: 16 })
  status: DeliveryRowStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'varchar', length: 32, nullable: true })
  nextAttemptAt: string | null;

  @Column({ name: 'lease_until', type: 'varchar', length: 32, nullable: true })
  leaseUntil: string | null;

  @Column({ name: 'last_attempt_at', type: 'varchar', length: 32, nullable: true })
  lastAttemptAt: string | null;

  @Column({ name: 'last_status_code', type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'delivered_at', type: 'varchar', length: 32, nullable: true })
  deliveredAt: string | null;
}
