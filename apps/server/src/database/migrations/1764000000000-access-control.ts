/** People, their sessions and API tokens, the audit log, settings, and agent revocation. */
import { type MigrationInterface, type QueryRunner, Table, TableColumn, TableIndex } from 'typeorm';

const varchar = (name: string, length: number, nullable = false) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

export class AccessControl1764000000000 implements MigrationInterface {
  name = 'AccessControl1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'app_user',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          { ...varchar('username', 64), isUnique: true },
          // null: the user cannot log in with a password (the owner of the bootstrap token, say)
          varchar('password_hash', 255, true),
          varchar('role', 16),
          varchar('created_at', 32),
          varchar('last_login_at', 32, true),
          { name: 'disabled', type: 'boolean', default: false },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'api_token',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('user_id', 36),
          varchar('name', 100),
          varchar('role', 16),
          { ...varchar('token_hash', 64), isUnique: true },
          varchar('created_at', 32),
          varchar('expires_at', 32, true),
          varchar('last_used_at', 32, true),
          varchar('revoked_at', 32, true),
          // set for the token that mirrors FLEETMEDIC_BOOTSTRAP_TOKEN
          { name: 'bootstrap', type: 'boolean', default: false },
        ],
        indices: [new TableIndex({ name: 'api_token_user', columnNames: ['user_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'user_session',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('user_id', 36),
          { ...varchar('token_hash', 64), isUnique: true },
          varchar('created_at', 32),
          varchar('expires_at', 32),
        ],
        indices: [new TableIndex({ name: 'user_session_user', columnNames: ['user_id'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'audit_event',
        columns: [
          {
            name: 'id',
            type: 'integer',
            isPrimary: true,
            isGenerated: true,
            generationStrategy: 'increment',
          },
          varchar('at', 32),
          varchar('action', 64),
          varchar('outcome', 16),
          varchar('actor_kind', 16),
          varchar('actor_id', 64, true),
          varchar('actor_name', 255, true),
          varchar('actor_token_id', 36, true),
          varchar('target', 128, true),
          varchar('ip', 64, true),
          { name: 'detail', type: 'text' },
        ],
        indices: [new TableIndex({ name: 'audit_event_action', columnNames: ['action'] })],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'setting',
        columns: [
          { ...varchar('key', 64), isPrimary: true },
          { name: 'value', type: 'text' },
          varchar('updated_at', 32),
        ],
      }),
    );
    await queryRunner.addColumn('host', new TableColumn(varchar('revoked_at', 32, true)));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('host', 'revoked_at');
    await queryRunner.dropTable('setting');
    await queryRunner.dropTable('audit_event');
    await queryRunner.dropTable('user_session');
    await queryRunner.dropTable('api_token');
    await queryRunner.dropTable('app_user');
  }
}
