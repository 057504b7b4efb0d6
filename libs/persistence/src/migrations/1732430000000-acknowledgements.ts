import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Recipients answer: an API key may now speak for a recipient (an operations centre or a partner) instead of
 * a reporting state, and each recipient's acknowledgement of an alert is one row, however it came (API, CLI,
 * a CAP Ack). Acknowledgement is per recipient: one state's ack silences no other. Each escalation step
 * taken for a recipient's unanswered alert is a row too, so a restart neither loses nor repeats one.
 */
export class Acknowledgements1732430000000 implements MigrationInterface {
  name = 'Acknowledgements1732430000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE api_keys ALTER COLUMN reporter DROP NOT NULL`);
    await q.query(`ALTER TABLE api_keys ADD COLUMN recipient_id text`);
    await q.query(
      `ALTER TABLE api_keys ADD CONSTRAINT api_keys_one_subject CHECK ((reporter IS NULL) <> (recipient_id IS NULL))`,
    );
    await q.query(`
      CREATE TABLE acknowledgements (
        recipient_id text NOT NULL,
        alert_id text NOT NULL,
        acknowledged_at timestamptz NOT NULL,
        via text NOT NULL CHECK (via IN ('api', 'cli', 'cap')),
        acknowledged_by text NOT NULL,
        note text,
        PRIMARY KEY (recipient_id, alert_id)
      )`);
    await q.query(`
      CREATE TABLE escalations (
        recipient_id text NOT NULL,
        alert_id text NOT NULL,
        step int NOT NULL,
        escalated_at timestamptz NOT NULL,
        target text NOT NULL,
        PRIMARY KEY (recipient_id, alert_id, step)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE escalations`);
    await q.query(`DROP TABLE acknowledgements`);
    await q.query(`DELETE FROM api_keys WHERE recipient_id IS NOT NULL`);
    await q.query(`ALTER TABLE api_keys DROP CONSTRAINT api_keys_one_subject`);
    await q.query(`ALTER TABLE api_keys DROP COLUMN recipient_id`);
    await q.query(`ALTER TABLE api_keys ALTER COLUMN reporter SET NOT NULL`);
  }
}
