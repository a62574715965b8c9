/** A managed PC, identified by the agent id given at enrollment. */
import type { HostFacts } from '@fleetmedic/protocol';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'host' })
export class HostEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 255 })
  hostname: string;

  /** Windows' MachineGuid when the agent sent one: re-enrolling the same PC keeps its id. */
  @Column({ name: 'machine_id', type: 'varchar', length: 128, nullable: true })
  machineId: string | null;

  /** SHA-256 of the agent token; the token itself is never stored. */
  @Column({ name: 'token_hash', type: 'varchar', length: 64 })
  tokenHash: string;

  @Column({ name: 'agent_version', type: 'varchar', length: 64 })
  agentVersion: string;

  @Column({ name: 'enrolled_at', type: 'varchar', length: 32 })
  enrolledAt: string;

  @Column({ name: 'last_seen_at', type: 'varchar', length: 32, nullable: true })
  lastSeenAt: string | null;

  @Column({ type: 'boolean', default: false })
  online: boolean;

  @Column({ name: 'outbox_depth', type: 'integer', default: 0 })
  outboxDepth: number;

  @Column({ type: 'simple-json', nullable: true })
  facts: HostFacts | null;

  /** Set when an admin revoked the agent: its token no longer works until the PC enrolls again. */
  @Column({ name: 'revoked_at', type: 'varchar', length: 32, nullable: true })
  revokedAt: string | null;

  @Column({ name: 'facts_updated_at', type: 'varchar', length: 32, nullable: true })
  factsUpdatedAt: string | null;
}
