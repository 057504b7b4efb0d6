import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the no-data tick needs. Its derived series are ordered to the millisecond (a deadline can fall every
 * few seconds), so `last_period_start` becomes a timestamp; dates are stored as their midnight, read and
 * written as before. A no-data series also keeps the report its missed deadlines count from, and the tick
 * finds each reporter's latest reports by reporter and receive time.
 */
export class SilenceWatch1732400000000 implements MigrationInterface {
  name = 'SilenceWatch1732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE trigger_state
        ALTER COLUMN last_period_start TYPE timestamp(3) USING last_period_start::timestamp(3),
        ADD COLUMN heard_at timestamptz,
        ADD COLUMN heard_signal_id text`);
    await q.query(`CREATE INDEX observations_reporter_received ON observations (reporter, received_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX observations_reporter_received`);
    await q.query(`
      ALTER TABLE trigger_state
        DROP COLUMN heard_signal_id,
        DROP COLUMN heard_at,
        ALTER COLUMN last_period_start TYPE date USING last_period_start::date`);
  }
}
