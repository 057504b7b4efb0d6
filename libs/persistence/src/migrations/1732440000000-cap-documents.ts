import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Feeds: each CAP message keeps the document that was sent, so that a recipient can read its messages again
 * through the gateway's Atom feed, newest first. Messages sent before this migration have no document (it was
 * never stored) and stay out of the feed; their references and escalations work as before. Each message also
 * keeps when it was recorded, to the millisecond (CAP's own `sent` has whole seconds), so an alert's timeline
 * puts it after the event that caused it; messages from before take the migration's time.
 */
export class CapDocuments1732440000000 implements MigrationInterface {
  name = 'CapDocuments1732440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cap_messages ADD COLUMN document text`);
    await q.query(`ALTER TABLE cap_messages ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT now()`);
    await q.query(
      `CREATE INDEX cap_messages_by_sent ON cap_messages (recipient_id, sent DESC, identifier DESC)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cap_messages_by_sent`);
    await q.query(`ALTER TABLE cap_messages DROP COLUMN recorded_at`);
    await q.query(`ALTER TABLE cap_messages DROP COLUMN document`);
  }
}
