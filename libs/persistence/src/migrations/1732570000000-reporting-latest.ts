import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The latest report of each reporter's indicators, kept as observations are stored, so that "who has gone
 * quiet" is read from a row per reporter and indicator instead of a scan of every observation.
 */
export class ReportingLatest1732570000000 implements MigrationInterface {
  name = 'ReportingLatest1732570000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reporting_latest (
        reporter char(3) NOT NULL,
        indicator text NOT NULL,
        last_received_at timestamptz NOT NULL,
        latest_period_end date NOT NULL,
        PRIMARY KEY (reporter, indicator)
      )`);
    await q.query(`
      INSERT INTO reporting_latest (reporter, indicator, last_received_at, latest_period_end)
      SELECT reporter, indicator, max(received_at), max(period_end) FROM observations GROUP BY reporter, indicator`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reporting_latest`);
  }
}
