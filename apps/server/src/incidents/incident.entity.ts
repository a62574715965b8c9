/** One fingerprint failing on a set of hosts. */
import type { Check, IncidentStatus } from '@fleetmedic/protocol';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'incident' })
export class IncidentEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 300 })
  fingerprint: string;

  @Column({ type: 'varchar', length: 16 })
  check: Check;

  @Column({ type: 'varchar', length: 256 })
  target: string;

  @Column({ type: 'varchar', length: 10, nullable: true })
  code: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: IncidentStatus;

  @Column({ name: 'opened_at', type: 'varchar', length: 32 })
  openedAt: string;

  @Column({ name: 'resolved_at', type: 'varchar', length: 32, nullable: true })
  resolvedAt: string | null;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;

  @Column({ name: 'acknowledged_at', type: 'varchar', length: 32, nullable: true })
  acknowledgedAt: string | null;

  @Column({ name: 'host_count', type: 'integer' })
  hostCount: number;

  @Column({ name: 'failing_host_count', type: 'integer' })
  failingHostCount: number;

  @Column({ name: 'known_issue_id', type: 'varchar', length: 100, nullable: true })
  knownIssueId: string | null;

  @Column({ name: 'known_issue_confirmed', type: 'boolean', default: false })
  knownIssueConfirmed: boolean;
}
