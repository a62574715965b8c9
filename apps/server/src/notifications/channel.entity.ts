/** A chat channel: where incident news goes. The webhook URL and signing secret never leave the server. */
import type { ChannelFilters, ChannelLanguage, ChannelType, FeishuApp } from '@fleetmedic/protocol';
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'notification_channel' })
export class ChannelEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'varchar', length: 16 })
  type: ChannelType;

  @Column({ type: 'varchar', length: 8 })
  language: ChannelLanguage;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ name: 'webhook_url', type: 'text' })
  webhookUrl: string;

  @Column({ type: 'boolean', default: false })
  signing: boolean;

  @Column({ name: 'signing_secret', type: 'varchar', length: 512, nullable: true })
  signingSecret: string | null;

  @Column({ type: 'simple-json' })
  filters: ChannelFilters;

  /** null: the platform's default. */
  @Column({ name: 'rate_per_minute', type: 'integer', nullable: true })
  ratePerMinute: number | null;

  /** Slack only: the app's signing secret, which verifies the Approve button's callbacks. */
  @Column({ name: 'slack_signing_secret', type: 'varchar', length: 512, nullable: true })
  slackSigningSecret: string | null;

  /** Feishu only: sent as this app bot (its cards call back) instead of a custom bot. */
  @Column({ name: 'feishu_app', type: 'simple-json', nullable: true })
  feishuApp: FeishuApp | null;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
