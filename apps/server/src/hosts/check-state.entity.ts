/** The latest result of one check on one host: what the fleet page shows. */
import type { Check, FactValue, ObservationStatus } from '@fleetmedic/protocol';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'check_state' })
export class CheckStateEntity {
  @PrimaryColumn({ name: 'host_id', type: 'varchar', length: 36 })
  hostId: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  check: Check;

  @PrimaryColumn({ type: 'varchar', length: 256 })
  target: string;

  @Column({ type: 'varchar', length: 16 })
  status: ObservationStatus;

  @Column({ type: 'varchar', length: 10, nullable: true })
  code: string | null;

  @Column({ name: 'code_original', type: 'varchar', length: 64, nullable: true })
  codeOriginal: string | null;

  @Column({ type: 'simple-json' })
  facts: Record<string, FactValue>;

  @Column({ type: 'simple-json' })
  evidence: string[];

  @Column({ name: 'observation_id', type: 'varchar', length: 36 })
  observationId: string;

  @Column({ name: 'observed_at', type: 'varchar', length: 32 })
  observedAt: string;

  /** When status or code last changed. */
  @Column({ name: 'changed_at', type: 'varchar', length: 32 })
  changedAt: string;
}
