/** One approved playbook over an incident's hosts: canary first, then waves, halted when the budget is spent. */
import type { RolloutPhase, RolloutStatus, RolloutStopReason } from '@fleetmedic/protocol';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'rollout' })
export class RolloutEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'incident_id', type: 'varchar', length: 36 })
  incidentId: string;

  @Column({ name: 'playbook_id', type: 'varchar', length: 64 })
  playbookId: string;

  @Column({ name: 'playbook_version', type: 'integer' })
  playbookVersion: number;

  @Column({ type: 'varchar', length: 16 })
  status: RolloutStatus;

  @Column({ type: 'varchar', length: 16 })
  phase: RolloutPhase;

  @Column({ name: 'canary_host_id', type: 'varchar', length: 36, nullable: true })
  canaryHostId: string | null;

  @Column({ name: 'host_count', type: 'integer' })
  hostCount: number;

  @Column({ type: 'integer' })
  parallelism: number;

  @Column({ name: 'failure_budget', type: 'integer' })
  failureBudget: number;

  @Column({ name: 'approved_by_id', type: 'varchar', length: 36, nullable: true })
  approvedById: string | null;

  @Column({ name: 'approved_by_name', type: 'varchar', length: 255 })
  approvedByName: string;

  @Column({ name: 'rule_id', type: 'varchar', length: 36, nullable: true })
  ruleId: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  reason: string | null;

  @Column({ name: 'reason_code', type: 'varchar', length: 32, nullable: true })
  reasonCode: RolloutStopReason | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;

  @Column({ name: 'finished_at', type: 'varchar', length: 32, nullable: true })
  finishedAt: string | null;
}
