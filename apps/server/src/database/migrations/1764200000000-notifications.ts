/** Chat alerts: channels, the delivery outbox, and the grouping state that survives a restart. */
import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

const varchar = (name: string, length: number, nullable = false) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const integer = (name: string, nullable = false) => ({ name, type: 'integer', isNullable: nullable });
const text = (name: string, nullable = false) => ({ name, type: 'text', isNullable: nullable });

export class Notifications1764200000000 implements MigrationInterface {
  name = 'Notifications1764200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'notification_channel',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('name', 100),
          varchar('type', 16),
          varchar('language', 8),
          { name: 'enabled', type: 'boolean', default: true },
          // write-only: never returned by the API nor logged
          text('webhook_url'),
          { name: 'signing', type: 'boolean', default: false },
          varchar('signing_secret', 512, true),
          text('filters'),
          integer('rate_per_minute', true),
          varchar('created_at', 32),
          varchar('updated_at', 32),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_delivery',
        columns: [
          // UUIDv7: time-ordered, so a channel's messages leave in the order they were queued
          { ...varchar('id', 36), isPrimary: true },
          varchar('channel_id', 36),
          varchar('incident_id', 36, true),
          varchar('kind', 32),
          varchar('dedupe_key', 200),
          varchar('headline', 300),
          // the platform's JSON body, unsigned: signatures carry the time of each attempt
          text('body'),
          varchar('status', 16),
          { ...integer('attempts'), default: 0 },
          varchar('next_attempt_at', 32, true),
          varchar('lease_until', 32, true),
          varchar('last_attempt_at', 32, true),
          integer('last_status_code', true),
          varchar('last_error', 500, true),
          varchar('created_at', 32),
          varchar('delivered_at', 32, true),
        ],
        indices: [
          // the same news is queued for a channel once, whatever happens around it
          new TableIndex({
            name: 'notification_delivery_once',
            columnNames: ['channel_id', 'dedupe_key'],
            isUnique: true,
          }),
          new TableIndex({ name: 'notification_delivery_status', columnNames: ['status', 'channel_id'] }),
          new TableIndex({ name: 'notification_delivery_incident', columnNames: ['incident_id'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_incident',
        columns: [
          { ...varchar('incident_id', 36), isPrimary: true },
          // the first news not yet told, and the latest: together they say when the burst has settled
          varchar('pending_since', 32, true),
          varchar('last_change_at', 32, true),
          varchar('due_at', 32, true),
          text('remediation', true),
          varchar('updated_at', 32),
        ],
        indices: [new TableIndex({ name: 'notification_incident_due', columnNames: ['due_at'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'notification_told',
        columns: [
          { ...varchar('channel_id', 36), isPrimary: true },
          { ...varchar('incident_id', 36), isPrimary: true },
          varchar('status', 16),
          integer('host_count'),
          // how many times the incident reopened, as told: keeps a later episode's news apart
          { ...integer('episode'), default: 0 },
          varchar('remediation', 100, true),
          varchar('told_at', 32),
        ],
        indices: [new TableIndex({ name: 'notification_told_incident', columnNames: ['incident_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('notification_told');
    await queryRunner.dropTable('notification_incident');
    await queryRunner.dropTable('notification_delivery');
    await queryRunner.dropTable('notification_channel');
  }
}
