/** Rollouts of approved playbooks, their signed jobs, and auto-remediation rules. */
import { type MigrationInterface, type QueryRunner, Table, TableIndex } from 'typeorm';

const varchar = (name: string, length: number, nullable = false) => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});
const integer = (name: string) => ({ name, type: 'integer' });
const text = (name: string) => ({ name, type: 'text' });

export class Remediation1764100000000 implements MigrationInterface {
  name = 'Remediation1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'rollout',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('incident_id', 36),
          varchar('playbook_id', 64),
          integer('playbook_version'),
          varchar('status', 16),
          varchar('phase', 16),
          varchar('canary_host_id', 36, true),
          integer('host_count'),
          integer('parallelism'),
          integer('failure_budget'),
          varchar('approved_by_id', 36, true),
          varchar('approved_by_name', 255),
          varchar('rule_id', 36, true),
          varchar('reason', 2000, true),
          varchar('note', 500, true),
          varchar('created_at', 32),
          varchar('updated_at', 32),
          varchar('finished_at', 32, true),
        ],
        indices: [
          new TableIndex({ name: 'rollout_incident', columnNames: ['incident_id'] }),
          new TableIndex({ name: 'rollout_status', columnNames: ['status'] }),
          // One running rollout per incident, however many servers approve at once.
          new TableIndex({
            name: 'rollout_one_running',
            columnNames: ['incident_id'],
            isUnique: true,
            where: "status = 'running'",
          }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'remediation_job',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('rollout_id', 36),
          varchar('incident_id', 36),
          varchar('host_id', 36),
          varchar('playbook_id', 64),
          { name: 'canary', type: 'boolean' },
          integer('position'),
          varchar('status', 16),
          text('signed'),
          integer('step_count'),
          text('steps'),
          text('rollback'),
          varchar('refusal', 32, true),
          varchar('message', 2000, true),
          { name: 'restart_pending', type: 'boolean', default: false },
          { name: 'attempts', type: 'integer', default: 0 },
          varchar('created_at', 32),
          varchar('sent_at', 32, true),
          varchar('finished_at', 32, true),
          varchar('expires_at', 32),
        ],
        indices: [
          new TableIndex({ name: 'remediation_job_rollout', columnNames: ['rollout_id'] }),
          new TableIndex({ name: 'remediation_job_incident', columnNames: ['incident_id'] }),
          new TableIndex({ name: 'remediation_job_host_status', columnNames: ['host_id', 'status'] }),
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'auto_remediation_rule',
        columns: [
          { ...varchar('id', 36), isPrimary: true },
          varchar('known_issue_id', 100, true),
          varchar('fingerprint', 300, true),
          varchar('playbook_id', 64),
          text('tags'),
          integer('max_hosts_per_day'),
          integer('parallelism'),
          integer('failure_budget'),
          varchar('expires_at', 32, true),
          varchar('note', 500, true),
          varchar('created_by_id', 36, true),
          varchar('created_by_name', 255),
          varchar('created_at', 32),
          varchar('deleted_at', 32, true),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('auto_remediation_rule');
    await queryRunner.dropTable('remediation_job');
    await queryRunner.dropTable('rollout');
  }
}
