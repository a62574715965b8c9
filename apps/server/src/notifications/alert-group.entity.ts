/**
 * Grouping state, persisted so that a restart loses no news: per incident, when its untold news began and
 * last changed (the burst settles after the group wait) and when it is next due; per channel and incident,
 * what the channel has been told.
 */
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** Remediation news as last heard from the remediation module. */
export interface RemediationNews {
  rolloutId: string;
  stage: 'started' | 'finished';
  playbookId: string;
  hostCount: number;
  approvedBy: string;
  /** When finished: how it ended, and how many hosts were fixed or failed. */
  outcome: 'completed' | 'halted' | 'cancelled' | null;
  succeeded: number | null;
  failed: number | null;
  reason: string | null;
}

@Entity({ name: 'notification_incident' })
@Index('notification_incident_due', ['dueAt'])
export class AlertGroupEntity {
  @PrimaryColumn({ name: 'incident_id', type: 'varchar', length: 36 })
  incidentId: string;

  @Column({ name: 'pending_since', type: 'varchar', length: 32, nullable: true })
  pendingSince: string | null;

  @Column({ name: 'last_change_at', type: 'varchar', length: 32, nullable: true })
  lastChangeAt: string | null;

  @Column({ name: 'due_at', type: 'varchar', length: 32, nullable: true })
  dueAt: string | null;

  @Column({ type: 'simple-json', nullable: true })
  remediation: RemediationNews | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}

@Entity({ name: 'notification_told' })
@Index('notification_told_incident', ['incidentId'])
export class ToldEntity {
  @PrimaryColumn({ name: 'channel_id', type: 'varchar', length: 36 })
  channelId: string;

  @PrimaryColumn({ name: 'incident_id', type: 'varchar', length: 36 })
  incidentId: string;

  @Column({ type: 'varchar', length: 16 })
  status: 'open' | 'resolved';

  @Column({ name: 'host_count', type: 'integer' })
  hostCount: number;

  @Column({ type: 'integer', default: 0 })
  episode: number;

  /** `<rolloutId>:<stage>` of the remediation news told, if any. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  remediation: string | null;

  @Column({ name: 'told_at', type: 'varchar', length: 32 })
  toldAt: string;
}
