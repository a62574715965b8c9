/** An API token for automation, acting for its owner with at most `role`; only its SHA-256 is stored. */
import type { Role } from '@fleetmedic/protocol';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'api_token' })
export class ApiTokenEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('api_token_user')
  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  role: Role;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'expires_at', type: 'varchar', length: 32, nullable: true })
  expiresAt: string | null;

  @Column({ name: 'last_used_at', type: 'varchar', length: 32, nullable: true })
  lastUsedAt: string | null;

  @Column({ name: 'revoked_at', type: 'varchar', length: 32, nullable: true })
  revokedAt: string | null;

  /** The token that mirrors FLEETMEDIC_BOOTSTRAP_TOKEN. */
  @Column({ type: 'boolean', default: false })
  bootstrap: boolean;
}
