/** One step of an incident's timeline. */
import type { IncidentEventKind } from '@fleetmedic/protocol';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'incident_event' })
@Index('incident_event_incident_at', ['incidentId', 'at'])
export class IncidentEventEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ name: 'incident_id', type: 'varchar', length: 36 })
  incidentId: string;

  @Column({ type: 'varchar', length: 32 })
  at: string;

  @Column({ type: 'varchar', length: 32 })
  kind: IncidentEventKind;

  @Column({ name: 'host_id', type: 'varchar', length: 36, nullable: true })
  hostId: string | null;

  @Column({ name: 'failing_host_count', type: 'integer' })
  failingHostCount: number;
}
