import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The recipients operators change between releases of the catalogue: a recipient's whole definition as it
 * now stands (null once removed), who changed it and why. `recipients.yaml` stays the agreed baseline; the
 * dispatcher routes with the file and these changes, and every change is audited with what it replaced.
 */
export class RecipientRegistry1732470000000 implements MigrationInterface {
  name = 'RecipientRegistry1732470000000';

  async up(q: QueryRunner): Promise<void> {
    // Every change takes the next revision, an update as much as an insert: the dispatcher reloads when the
    // highest revision moves.
    await q.query(`CREATE SEQUENCE recipient_registry_revision`);
    await q.query(`
      CREATE TABLE recipient_registry (
        id text PRIMARY KEY,
        definition jsonb,
        revision bigint NOT NULL DEFAULT nextval('recipient_registry_revision'),
        changed_at timestamptz NOT NULL,
        changed_by text NOT NULL,
        reason text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE recipient_registry`);
    await q.query(`DROP SEQUENCE recipient_registry_revision`);
  }
}
