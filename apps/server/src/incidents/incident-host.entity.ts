/** A host that failed the way of an incident: since when, and whether it has recovered. */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'incident_host' })
export class IncidentHostEntity {
  @PrimaryColumn({ name: 'incident_id', type: 'varchar', length: 36 })
  incidentId: string;

  @PrimaryColumn({ name: 'host_id', type: 'varchar', length: 36 })
  hostId: string;

  @Column({ type: 'varchar', length: 32 })
  since: string;

  @Column({ name: 'recovered_at', type: 'varchar', length: 32, nullable: true })
  recoveredAt: string | null;

  @Column({ type: 'simple-json' })
  evidence: string[];
}
