/** Host counts at one instant, for the fleet health chart. */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'fleet_sample' })
export class FleetSampleEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  at: string;

  @Column({ type: 'integer' })
  total: number;

  @Column({ type: 'integer' })
  online: number;

  @Column({ type: 'integer' })
  offline: number;

  @Column({ type: 'integer' })
  healthy: number;

  @Column({ type: 'integer' })
  failing: number;
}
