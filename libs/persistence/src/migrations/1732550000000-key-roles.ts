import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A key has a role (agency, recipient, analyst, admin) and may be issued with fewer scopes than its role
 * holds (null: all of them). An analyst's key names the organisation it reads figures as. The operator
 * flag becomes the admin role.
 */
export class KeyRoles1732550000000 implements MigrationInterface {
  name = 'KeyRoles1732550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys ADD COLUMN role text`);
    await q.query(
      `UPDATE api_keys SET role = CASE WHEN reporter IS NOT NULL THEN 'agency'
         WHEN recipient_id IS NOT NULL THEN 'recipient' ELSE 'admin' END`,
    );
    await q.query(`ALTER TABLE api_keys ALTER COLUMN role SET NOT NULL`);
    await q.query(`ALTER TABLE api_keys ADD COLUMN scopes text[]`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_one_subject`);
    await q.query(`ALTER TABLE api_keys DROP COLUMN operator`);
    await q.query(
      `ALTER TABLE api_keys ADD CONSTRAINT api_keys_role_subject CHECK (
         (role = 'agency' AND reporter IS NOT NULL AND recipient_id IS NULL)
         OR (role IN ('recipient', 'analyst') AND recipient_id IS NOT NULL AND reporter IS NULL)
         OR (role = 'admin' AND reporter IS NULL AND recipient_id IS NULL))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM api_keys WHERE role = 'analyst'`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_role_subject`);
    await q.query(`ALTER TABLE api_keys ADD COLUMN operator boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE api_keys SET operator = (role = 'admin')`);
    await q.query(
      `ALTER TABLE api_keys ADD CONSTRAINT api_keys_one_subject CHECK (num_nonnulls(reporter, recipient_id) + operator::int = 1)`,
    );
    await q.query(`ALTER TABLE api_keys DROP COLUMN scopes`);
    await q.query(`ALTER TABLE api_keys DROP COLUMN role`);
  }
}
