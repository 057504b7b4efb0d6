import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Acknowledgements and action reports found by when they were recorded: the live stream asks for those
 * after its last one every few seconds, which without these read both tables whole.
 */
export class UpdatesByTime1732600000000 implements MigrationInterface {
  name = 'UpdatesByTime1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX acknowledgements_acknowledged_at ON acknowledgements (acknowledged_at)`);
    await q.query(`CREATE INDEX action_reports_reported_at ON action_reports (reported_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX action_reports_reported_at`);
    await q.query(`DROP INDEX acknowledgements_acknowledged_at`);
  }
}
