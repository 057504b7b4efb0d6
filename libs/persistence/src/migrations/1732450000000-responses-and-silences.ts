import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The coordinated response and planned pauses. Each response action an organisation was told of is a row
 * with its deadline (activation plus the protocol's delay), so that its status reports, the escalation of an
 * overdue one and the alert's timeline all stand on one record; every status report is kept, not only the
 * latest. Silences are rows too: who set them, why, until when, who ended one early, and when its expiry was
 * announced, so that a restart announces each expiry once.
 */
export class ResponsesAndSilences1732450000000 implements MigrationInterface {
  name = 'ResponsesAndSilences1732450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE response_actions (
        alert_id text NOT NULL,
        action_id text NOT NULL,
        trigger_id text NOT NULL,
        level text NOT NULL,
        organisation text NOT NULL,
        action jsonb NOT NULL,
        activated_at timestamptz NOT NULL,
        due_at timestamptz NOT NULL,
        PRIMARY KEY (alert_id, action_id)
      )`);
    await q.query(`CREATE INDEX response_actions_due ON response_actions (due_at)`);
    await q.query(`
      CREATE TABLE action_reports (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        alert_id text NOT NULL,
        action_id text NOT NULL,
        organisation text NOT NULL,
        status text NOT NULL CHECK (status IN ('acknowledged', 'in_progress', 'done', 'declined')),
        note text,
        via text NOT NULL CHECK (via IN ('api', 'cli')),
        reported_by text NOT NULL,
        reported_at timestamptz NOT NULL,
        FOREIGN KEY (alert_id, action_id) REFERENCES response_actions (alert_id, action_id),
        CHECK (status <> 'declined' OR note IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX action_reports_action ON action_reports (alert_id, action_id, reported_at)`);
    await q.query(`
      CREATE TABLE action_escalations (
        alert_id text NOT NULL,
        action_id text NOT NULL,
        step int NOT NULL,
        target text NOT NULL,
        escalated_at timestamptz NOT NULL,
        PRIMARY KEY (alert_id, action_id, step),
        FOREIGN KEY (alert_id, action_id) REFERENCES response_actions (alert_id, action_id)
      )`);
    await q.query(`
      CREATE TABLE silences (
        id text PRIMARY KEY,
        matchers jsonb NOT NULL,
        recipients text[],
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        created_by text NOT NULL,
        comment text NOT NULL,
        created_at timestamptz NOT NULL,
        ended_by text,
        announced_at timestamptz,
        CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX silences_ends ON silences (ends_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE silences`);
    await q.query(`DROP TABLE action_escalations`);
    await q.query(`DROP TABLE action_reports`);
    await q.query(`DROP TABLE response_actions`);
  }
}
