/** One line of the audit log: who did what to what, from where, and how it went. */
import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'audit_event' })
@Index('audit_event_action', ['action'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  at: string;

  @Column({ type: 'varchar', length: 64 })
  action: string;

  @Column({ type: 'varchar', length: 16 })
  outcome: 'success' | 'failure' | 'denied';

  @Column({ name: 'actor_kind', type: 'varchar', length: 16 })
  actorKind: 'user' | 'agent' | 'anonymous' | 'system';

  @Column({ name: 'actor_id', type: 'varchar', length: 64, nullable: true })
  actorId: string | null;

  @Column({ name: 'actor_name', type: 'varchar', length: 255, nullable: true })
  actorName: string | null;

  @Column({ name: 'actor_token_id', type: 'varchar', length: 36, nullable: true })
  actorTokenId: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  target: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'simple-json' })
  detail: Record<string, unknown>;
}
