import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Browser sessions of the dashboard: opened with an API key, held in an HTTP-only cookie whose secret is
 * stored hashed, each with the CSRF token its writes must carry; they end at logout, at expiry, or when
 * their key is revoked.
 */
export class Sessions1732560000000 implements MigrationInterface {
  name = 'Sessions1732560000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sessions (
        secret_hash char(64) PRIMARY KEY,
        key_id text NOT NULL REFERENCES api_keys (id),
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sessions`);
  }
}
