/**
 * Approving from chat: the chat accounts each person is linked to, the requests from chat platforms already
 * seen (a replayed one is refused), and a channel's Slack signing secret or Feishu app bot settings.
 */
import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

const varchar = (name: string, length: number, nullable = false) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

export class ChatIdentities1764400000000 implements MigrationInterface {
  name = 'ChatIdentities1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'chat_identity',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('user_id', 36),
          varchar('platform', 16),
          // Slack member ID or Feishu open_id
          varchar('external_id', 128),
          // Slack workspace ID; '' for Feishu (open_ids are unique per app already)
          { ...varchar('team_id', 64), default: "''" },
          varchar('union_id', 128, true),
          varchar('created_at', 32),
        ],
        indices: [
          new TableIndex({
            name: 'chat_identity_account',
            columnNames: ['platform', 'team_id', 'external_id'],
            isUnique: true,
          }),
          new TableIndex({ name: 'chat_identity_user', columnNames: ['user_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'chat_request_seen',
        columns: [
          // `<platform>:<sha256 of the request's signature>`
          { ...varchar('key', 100), isPrimary: true },
          varchar('expires_at', 32),
        ],
        indices: [new TableIndex({ name: 'chat_request_seen_expiry', columnNames: ['expires_at'] })],
      }),
    );
    await queryRunner.addColumns('notification_channel', [
      // write-only, like the webhook URL and signing secret
      new TableColumn(varchar('slack_signing_secret', 512, true)),
      new TableColumn({ name: 'feishu_app', type: 'text', isNullable: true }),
    ]);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('notification_channel', 'feishu_app');
    await queryRunner.dropColumn('notification_channel', 'slack_signing_secret');
    await queryRunner.dropTable('chat_request_seen');
    await queryRunner.dropTable('chat_identity');
  }
}
