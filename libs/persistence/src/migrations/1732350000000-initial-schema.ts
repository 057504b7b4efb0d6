import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialSchema1732350000000 implements MigrationInterface {
  name = 'InitialSchema1732350000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE observations (
        id bigserial PRIMARY KEY,
        signal_id text NOT NULL UNIQUE,
        series_key text NOT NULL,
        reporter char(3) NOT NULL,
        indicator text NOT NULL,
        country char(3) NOT NULL,
        admin1 text,
        place text,
        corridor text,
        period_start date NOT NULL,
        period_end date NOT NULL,
        value double precision NOT NULL,
        received_at timestamptz NOT NULL,
        source_topic text NOT NULL,
        source_partition integer NOT NULL,
        source_offset bigint NOT NULL
      )`);
    await q.query(`CREATE INDEX observations_series_period ON observations (series_key, period_start)`);
    await q.query(`
      CREATE TABLE trigger_state (
        trigger_id text NOT NULL,
        series_key text NOT NULL,
        trigger_version integer NOT NULL,
        level text,
        alert_id text,
        last_period_start date,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (trigger_id, series_key)
      )`);
    await q.query(`
      CREATE TABLE alert_events (
        event_id text PRIMARY KEY,
        alert_id text NOT NULL,
        type text NOT NULL,
        level text,
        trigger_id text NOT NULL,
        trigger_version integer NOT NULL,
        series_key text NOT NULL,
        event jsonb NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX alert_events_alert ON alert_events (alert_id)`);
    await q.query(`
      CREATE TABLE outbox (
        id bigserial PRIMARY KEY,
        topic text NOT NULL,
        message_key text NOT NULL,
        payload text NOT NULL,
        created_at timestamptz NOT NULL,
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE outbox`);
    await q.query(`DROP TABLE alert_events`);
    await q.query(`DROP TABLE trigger_state`);
    await q.query(`DROP TABLE observations`);
  }
}
