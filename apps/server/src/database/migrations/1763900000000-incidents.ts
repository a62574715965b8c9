/** Incidents, the hosts in each, and each incident's timeline. */
import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

const varchar = (name: string, length: number, nullable = false) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

export class Incidents1763900000000 implements MigrationInterface {
  name = 'Incidents1763900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'incident',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('fingerprint', 300),
          varchar('check', 16),
          varchar('target', 256),
          varchar('code', 10, true),
          varchar('status', 16),
          varchar('opened_at', 32),
          varchar('resolved_at', 32, true),
          varchar('updated_at', 32),
          varchar('acknowledged_at', 32, true),
          { name: 'host_count', type: 'integer' },
          { name: 'failing_host_count', type: 'integer' },
          varchar('known_issue_id', 100, true),
          { name: 'known_issue_confirmed', type: 'boolean', default: false },
        ],
        indices: [
          new TableIndex({ name: 'incident_status_updated', columnNames: ['status', 'updated_at'] }),
          new TableIndex({ name: 'incident_fingerprint', columnNames: ['fingerprint'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'incident_host',
        columns: [
          { ...varchar('incident_id', 36), isPrimary: true },
          { ...varchar('host_id', 36), isPrimary: true },
          varchar('since', 32),
          varchar('recovered_at', 32, true),
          { name: 'evidence', type: 'text' },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'incident_event',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('incident_id', 36),
          varchar('at', 32),
          varchar('kind', 32),
          varchar('host_id', 36, true),
          { name: 'failing_host_count', type: 'integer' },
        ],
        indices: [new TableIndex({ name: 'incident_event_incident_at', columnNames: ['incident_id', 'at'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('incident_event');
    await queryRunner.dropTable('incident_host');
    await queryRunner.dropTable('incident');
  }
}
