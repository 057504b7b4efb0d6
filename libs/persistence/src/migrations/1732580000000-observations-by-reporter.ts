import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Observations found by reporter, indicator and period: a state's figures of one indicator over a range,
 * what the dashboard's sparklines ask for (`npm run bench:api` measured the scan it replaces).
 */
export class ObservationsByReporter1732580000000 implements MigrationInterface {
  name = 'ObservationsByReporter1732580000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX observations_reporter_indicator_period ON observations (reporter, indicator, period_start)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX observations_reporter_indicator_period`);
  }
}
