/** A signed request from a chat platform, remembered until its timestamp could no longer pass: a replay is refused. */
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'chat_request_seen' })
export class ChatRequestSeenEntity {
  /** `<platform>:<sha256 of the signature>`. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  @Index('chat_request_seen_expiry')
  @Column({ name: 'expires_at', type: 'varchar', length: 32 })
  expiresAt: string;
}
