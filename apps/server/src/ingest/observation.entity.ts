/** Every observation an agent reported, stored once by its id. */
import type { Check, FactValue, ObservationReason, ObservationStatus } from '@fleetmedic/protocol';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'observation' })
export class ObservationEntity {
  /** UUIDv7 from the agent: time-ordered, so inserts append to the index instead of scattering. */
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'host_id', type: 'varchar', length: 36 })
  hostId: string;

  @Column({ type: 'varchar', length: 16 })
  check: Check;

  @Column({ type: 'varchar', length: 256 })
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

  @Column({ type: 'varchar', length: 16 })
  reason: ObservationReason;

  @Column({ name: 'observed_at', type: 'varchar', length: 32 })
  observedAt: string;

  @Column({ name: 'received_at', type: 'varchar', length: 32 })
  receivedAt: string;
}
