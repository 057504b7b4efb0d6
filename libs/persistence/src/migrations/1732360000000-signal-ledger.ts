import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The intake ledger: which signal ids were accepted with what content, and each series-period's revision. */
export class SignalLedger1732360000000 implements MigrationInterface {
  name = 'SignalLedger1732360000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE signal_ledger (
        signal_id text PRIMARY KEY,
        natural_key text NOT NULL,
        revision integer NOT NULL,
        content_hash char(64) NOT NULL,
        origin text NOT NULL,
        accepted_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE series_revisions (
        natural_key text PRIMARY KEY,
        revision integer NOT NULL,
        signal_id text NOT NULL
      )`);
    await q.query(`ALTER TABLE observations ADD COLUMN revision integer NOT NULL DEFAULT 1`);
    await q.query(`ALTER TABLE observations ADD COLUMN quality text NOT NULL DEFAULT 'provisional'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE observations DROP COLUMN quality`);
    await q.query(`ALTER TABLE observations DROP COLUMN revision`);
    await q.query(`DROP TABLE series_revisions`);
    await q.query(`DROP TABLE signal_ledger`);
  }
}
