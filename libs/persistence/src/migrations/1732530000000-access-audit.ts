import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Every read of a state's restricted figures, for the state to list (docs/data-sharing.md). */
export class AccessAudit1732530000000 implements MigrationInterface {
  name = 'AccessAudit1732530000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_audit (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL,
        viewer_kind text NOT NULL,
        viewer_id text NOT NULL,
        reporter text NOT NULL,
        channel text NOT NULL,
        resource text NOT NULL,
        indicator text,
        purpose text NOT NULL,
        granularity text NOT NULL,
        disaggregations jsonb NOT NULL,
        policy_version int NOT NULL
      )`);
    await q.query(`CREATE INDEX access_audit_reporter_at ON access_audit (reporter, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE access_audit`);
  }
}
