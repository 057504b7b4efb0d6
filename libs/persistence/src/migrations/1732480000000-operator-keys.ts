import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Operators get keys of their own for the gateway's admin routes (the recipients): a key now speaks for a
 * reporting state, for a recipient, or for the operators, exactly one of the three.
 */
export class OperatorKeys1732480000000 implements MigrationInterface {
  name = 'OperatorKeys1732480000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys ADD COLUMN operator boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_one_subject`);
    await q.query(
      `ALTER TABLE api_keys ADD CONSTRAINT api_keys_one_subject CHECK (num_nonnulls(reporter, recipient_id) + operator::int = 1)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM api_keys WHERE operator`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_one_subject`);
    await q.query(
      `ALTER TABLE api_keys ADD CONSTRAINT api_keys_one_subject CHECK ((reporter IS NULL) <> (recipient_id IS NULL))`,
    );
    await q.query(`ALTER TABLE api_keys DROP COLUMN operator`);
  }
}
