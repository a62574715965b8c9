/** A chat account (Slack member, Feishu user) that acts as one FleetMedic user when it presses a button. */
import type { ChatPlatform } from '@fleetmedic/protocol';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity({ name: 'chat_identity' })
@Index('chat_identity_account', ['platform', 'teamId', 'externalId'], { unique: true })
export class ChatIdentityEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Index('chat_identity_user')
  @Column({ name: 'user_id', type: 'varchar', length: 36 })
  userId: string;

  @Column({ type: 'varchar', length: 16 })
  platform: ChatPlatform;

  /** Slack member ID, or Feishu open_id. */
  @Column({ name: 'external_id', type: 'varchar', length: 128 })
  externalId: string;

  /** Slack workspace ID; '' for Feishu. */
  @Column({ name: 'team_id', type: 'varchar', length: 64, default: '' })
  teamId: string;

  @Column({ name: 'union_id', type: 'varchar', length: 128, nullable: true })
  unionId: string | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;
}
