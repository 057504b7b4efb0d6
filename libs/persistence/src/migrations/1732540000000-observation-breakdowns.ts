import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Observations keep the breakdown cells their signal carried, for the figures the gateway shares under the
 * states' policies (docs/data-sharing.md); and are found by indicator and period, as those requests ask.
 */
export class ObservationBreakdowns1732540000000 implements MigrationInterface {
  name = 'ObservationBreakdowns1732540000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE observations ADD COLUMN disaggregation jsonb`);
    await q.query(`CREATE INDEX observations_indicator_period ON observations (indicator, period_start)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX observations_indicator_period`);
    await q.query(`ALTER TABLE observations DROP COLUMN disaggregation`);
  }
}
