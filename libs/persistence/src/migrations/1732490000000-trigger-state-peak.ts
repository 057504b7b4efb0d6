import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The measure the alert in force last warned at, for new-peak re-warnings (`rewarnAbove`). An alert already
 * in force takes it from its latest firing or escalation, as the evaluator would have kept it; no-data
 * states keep none.
 */
export class TriggerStatePeak1732490000000 implements MigrationInterface {
  name = 'TriggerStatePeak1732490000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE trigger_state ADD COLUMN peak double precision`);
    await q.query(`
      UPDATE trigger_state s
      SET peak = w.peak
      FROM (
        SELECT DISTINCT ON (alert_id) alert_id,
          COALESCE(event->'evidence'->>'measure', event->'evidence'->>'value')::double precision AS peak
        FROM alert_events
        WHERE type IN ('firing', 'escalated')
        ORDER BY alert_id, seq DESC
      ) w
      WHERE s.alert_id = w.alert_id AND s.level IS NOT NULL AND s.series_key NOT LIKE 'silence/%'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE trigger_state DROP COLUMN peak`);
  }
}
