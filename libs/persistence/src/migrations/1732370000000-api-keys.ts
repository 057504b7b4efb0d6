import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys of the HTTP door: one or more per agency, each scoped to its reporter, stored hashed. */
export class ApiKeys1732370000000 implements MigrationInterface {
  name = 'ApiKeys1732370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        reporter char(3) NOT NULL,
        key_hash char(64) NOT NULL UNIQUE,
        label text NOT NULL,
        created_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE api_keys`);
  }
}
