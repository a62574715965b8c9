/** A dashboard login: the cookie's value is never stored, only its SHA-256. */
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'user_session' })
export class SessionEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('user_session_user')
  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ name: 'token_hash', type: 'varchar', length: 64, unique: true })
  tokenHash: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'expires_at', type: 'varchar', length: 32 })
  expiresAt: string;
}
