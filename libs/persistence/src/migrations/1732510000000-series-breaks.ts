import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Breaks in a series' coverage or method. An observation keeps the break its signal carried; a reporter may
 * also declare one for a series and period through the gateway or the CLI. Declarations are only ever
 * added, each with who made it and when: the latest for a series and day stands, the earlier ones are its
 * history.
 */
export class SeriesBreaks1732510000000 implements MigrationInterface {
  name = 'SeriesBreaks1732510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE observations ADD COLUMN series_break jsonb`);
    await q.query(`
      CREATE TABLE series_breaks (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        series_key text NOT NULL,
        reporter char(3) NOT NULL,
        indicator text NOT NULL,
        country char(3) NOT NULL,
        admin1 text,
        place text,
        period_start date NOT NULL,
        period_end date,
        kind text NOT NULL CHECK (kind IN ('coverage', 'method')),
        note text,
        declared_by text NOT NULL,
        declared_at timestamptz NOT NULL,
        CHECK (period_end IS NULL OR period_end >= period_start)
      )`);
    await q.query(`CREATE INDEX series_breaks_series ON series_breaks (series_key, period_start)`);
    await q.query(`CREATE INDEX series_breaks_reporter ON series_breaks (reporter, declared_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE series_breaks`);
    await q.query(`ALTER TABLE observations DROP COLUMN series_break`);
  }
}
