import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The order alert events were recorded in. A late or revised observation is reconciled against everything
 * already published for its trigger and series, and "where an alert stands" is its last event, so the engine
 * must read them back in the order they were written; `recorded_at` is the same for a whole transaction.
 */
export class AlertEventOrder1732410000000 implements MigrationInterface {
  name = 'AlertEventOrder1732410000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alert_events ADD COLUMN seq bigint GENERATED ALWAYS AS IDENTITY`);
    await q.query(
      `CREATE INDEX alert_events_trigger_series_seq ON alert_events (trigger_id, series_key, seq)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX alert_events_trigger_series_seq`);
    await q.query(`ALTER TABLE alert_events DROP COLUMN seq`);
  }
}
