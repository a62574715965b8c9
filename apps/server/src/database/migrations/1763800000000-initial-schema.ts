/**
 * Hosts, their check states, observations and fleet samples. Written with TypeORM's schema builder so
 * that the same migration runs on SQLite and PostgreSQL.
 */
import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

const id = (name: string, primary = false) => ({ name, type: 'varchar', length: '36', isPrimary: primary });
const instant = (name: string, nullable = false) => ({
  name,
  type: 'varchar',
  length: '32',
  isNullable: nullable,
});
const text = (name: string, length: number, nullable = false) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const json = (name: string, nullable = false) => ({ name, type: 'text', isNullable: nullable });

export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'host',
        columns: [
          id('id', true),
          text('hostname', 255),
          text('machine_id', 128, true),
          text('token_hash', 64),
          text('agent_version', 64),
          instant('enrolled_at'),
          instant('last_seen_at', true),
          { name: 'online', type: 'boolean', default: false },
          { name: 'outbox_depth', type: 'integer', default: 0 },
          json('facts', true),
          instant('facts_updated_at', true),
        ],
        indices: [new TableIndex({ name: 'host_machine_id', columnNames: ['machine_id'], isUnique: true })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'check_state',
        columns: [
          { ...id('host_id'), isPrimary: true },
          { ...text('check', 16), isPrimary: true },
          { ...text('target', 256), isPrimary: true },
          text('status', 16),
          text('code', 10, true),
          text('code_original', 64, true),
          json('facts'),
          json('evidence'),
          id('observation_id'),
          instant('observed_at'),
          instant('changed_at'),
        ],
        indices: [new TableIndex({ name: 'check_state_status', columnNames: ['status'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'observation',
        columns: [
          id('id', true),
          id('host_id'),
          text('check', 16),
          text('target', 256),
          text('status', 16),
          text('code', 10, true),
          text('code_original', 64, true),
          json('facts'),
          json('evidence'),
          text('reason', 16),
          instant('observed_at'),
          instant('received_at'),
        ],
        indices: [
          new TableIndex({ name: 'observation_host_observed', columnNames: ['host_id', 'observed_at'] }),
          new TableIndex({ name: 'observation_check_target_code', columnNames: ['check', 'target', 'code'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'fleet_sample',
        columns: [
          { ...instant('at'), isPrimary: true },
          { name: 'total', type: 'integer' },
          { name: 'online', type: 'integer' },
          { name: 'offline', type: 'integer' },
          { name: 'healthy', type: 'integer' },
          { name: 'failing', type: 'integer' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('fleet_sample');
    await queryRunner.dropTable('observation');
    await queryRunner.dropTable('check_state');
    await queryRunner.dropTable('host');
  }
}
