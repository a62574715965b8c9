/** One playbook run on one host, signed when the rollout was approved; its steps as the agent reported them. */
import type { JobRefusal, JobStatus, StepResult } from '@fleetmedic/protocol';
import type { SignedJob } from '@fleetmedic/protocol/remediation-job';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'remediation_job' })
export class JobEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'rollout_id', type: 'varchar', length: 36 })
  rolloutId: string;

  @Column({ name: 'incident_id', type: 'varchar', length: 36 })
  incidentId: string;

  @Column({ name: 'host_id', type: 'varchar', length: 36 })
  hostId: string;

  @Column({ name: 'playbook_id', type: 'varchar', length: 64 })
  playbookId: string;

  @Column({ type: 'boolean' })
  canary: boolean;

  /** Its place in the rollout: 0 runs first (the canary). */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'varchar', length: 16 })
  status: JobStatus;

  /** Exactly what the agent receives: the job and the server's signature over it. */
  @Column({ type: 'simple-json' })
  signed: SignedJob;

  @Column({ name: 'step_count', type: 'integer' })
  stepCount: number;

  @Column({ type: 'simple-json' })
  steps: StepResult[];

  @Column({ type: 'simple-json' })
  rollback: StepResult[];

  @Column({ type: 'varchar', length: 32, nullable: true })
  refusal: JobRefusal | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  message: string | null;

  @Column({ name: 'restart_pending', type: 'boolean', default: false })
  restartPending: boolean;

  /** Times the job was handed to the agent (a lost ack or a busy agent makes it more than one). */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'sent_at', type: 'varchar', length: 32, nullable: true })
  sentAt: string | null;

  @Column({ name: 'finished_at', type: 'varchar', length: 32, nullable: true })
  finishedAt: string | null;

  @Column({ name: 'expires_at', type: 'varchar', length: 32 })
  expiresAt: string;
}
