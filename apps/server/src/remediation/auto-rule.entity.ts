/** A standing approval: future incidents of a known issue or fingerprint are fixed without anyone clicking. */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'auto_remediation_rule' })
export class AutoRuleEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'known_issue_id', type: 'varchar', length: 100, nullable: true })
  knownIssueId: string | null;

  @Column({ type: 'varchar', length: 300, nullable: true })
  fingerprint: string | null;

  @Column({ name: 'playbook_id', type: 'varchar', length: 64 })
  playbookId: string;

  @Column({ type: 'simple-json' })
  tags: string[];

  @Column({ name: 'max_hosts_per_day', type: 'integer' })
  maxHostsPerDay: number;

  @Column({ type: 'integer' })
  parallelism: number;

  @Column({ name: 'failure_budget', type: 'integer' })
  failureBudget: number;

  @Column({ name: 'expires_at', type: 'varchar', length: 32, nullable: true })
  expiresAt: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  note: string | null;

  @Column({ name: 'created_by_id', type: 'varchar', length: 36, nullable: true })
  createdById: string | null;

  @Column({ name: 'created_by_name', type: 'varchar', length: 255 })
  createdByName: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  /** Deleted rules are kept (rollouts name them) but approve nothing. */
  @Column({ name: 'deleted_at', type: 'varchar', length: 32, nullable: true })
  deletedAt: string | null;
}
