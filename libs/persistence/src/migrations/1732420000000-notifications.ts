import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications: one alert event for one recipient on one channel that needs delivering (webhook, email; the
 * Kafka channel goes through the outbox), with exactly the bytes that are sent, so every retry sends the same
 * body under the same id (the receiver's idempotency key, shared by the channels of one notification). Each try is a
 * delivery attempt row; a notification out of attempts is dead-lettered until an operator re-drives it, and
 * that is audited.
 * The routing state (groups and the alerts in force, libs/routing's RoutingState) is one JSON row, updated
 * in the transaction that acts on it; the CAP messages sent are kept so that later ones can reference them, and
 * when an alert first reached each level, which response deadlines count from.
 */
export class Notifications1732420000000 implements MigrationInterface {
  name = 'Notifications1732420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE notifications (
        id text NOT NULL,
        recipient_id text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('webhook', 'email')),
        alert_id text NOT NULL,
        event_id text NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'delivered', 'dead_lettered')),
        attempts int NOT NULL DEFAULT 0,
        attempts_before_redrive int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        delivered_at timestamptz,
        last_error text,
        PRIMARY KEY (id, channel)
      )`);
    await q.query(
      `CREATE INDEX notifications_due ON notifications (channel, next_attempt_at) WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE INDEX notifications_by_alert ON notifications (recipient_id, alert_id, created_at)`,
    );
    await q.query(`
      CREATE TABLE delivery_attempts (
        notification_id text NOT NULL,
        channel text NOT NULL,
        attempt int NOT NULL,
        started_at timestamptz NOT NULL,
        duration_ms int NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed')),
        http_status int,
        error text,
        PRIMARY KEY (notification_id, channel, attempt),
        FOREIGN KEY (notification_id, channel) REFERENCES notifications (id, channel)
      )`);
    await q.query(`
      CREATE TABLE dispatch_state (
        id int PRIMARY KEY CHECK (id = 1),
        state jsonb NOT NULL,
        next_wake_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE cap_messages (
        recipient_id text NOT NULL,
        alert_id text NOT NULL,
        identifier text NOT NULL,
        sent text NOT NULL,
        PRIMARY KEY (recipient_id, identifier)
      )`);
    await q.query(`CREATE INDEX cap_messages_by_alert ON cap_messages (recipient_id, alert_id)`);
    await q.query(`
      CREATE TABLE alert_activations (
        alert_id text NOT NULL,
        level text NOT NULL,
        activated_at timestamptz NOT NULL,
        PRIMARY KEY (alert_id, level)
      )`);
    await q.query(`
      CREATE TABLE dispatch_audit (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL,
        subject text NOT NULL,
        detail jsonb NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE dispatch_audit`);
    await q.query(`DROP TABLE alert_activations`);
    await q.query(`DROP TABLE cap_messages`);
    await q.query(`DROP TABLE dispatch_state`);
    await q.query(`DROP TABLE delivery_attempts`);
    await q.query(`DROP TABLE notifications`);
  }
}
