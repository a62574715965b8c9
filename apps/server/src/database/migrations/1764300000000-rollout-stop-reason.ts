/** Why a rollout stopped, as a code the dashboard words in the reader's language. */
import { type MigrationInterface, type QueryRunner, TableColumn } from 'typeorm';

export class RolloutStopReason1764300000000 implements MigrationInterface {
  name = 'RolloutStopReason1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'rollout',
      new TableColumn({ name: 'reason_code', type: 'varchar', length: '32', isNullable: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropColumn('rollout', 'reason_code');
  }
}
