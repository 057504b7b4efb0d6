import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dispatcher's routing state as a row per group and per alert in force instead of one JSON document,
 * so that a transaction writes only the entries it changed (decision 0024). `dispatch_state` keeps the lock
 * every transaction takes, the next wake-up, and a version that changes at every write: a dispatcher that
 * wrote the version it reads under the lock knows its copy of the state is current.
 */
export class DispatchStateRows1732610000000 implements MigrationInterface {
  name = 'DispatchStateRows1732610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE dispatch_groups (id text PRIMARY KEY, state jsonb NOT NULL)`);
    await q.query(`CREATE TABLE dispatch_active (alert_id text PRIMARY KEY, context jsonb NOT NULL)`);
    await q.query(`
      INSERT INTO dispatch_groups (id, state)
      SELECT g.key, g.value FROM dispatch_state, jsonb_each(state->'groups') AS g`);
    await q.query(`
      INSERT INTO dispatch_active (alert_id, context)
      SELECT a.key, a.value FROM dispatch_state, jsonb_each(state->'active') AS a`);
    await q.query(`ALTER TABLE dispatch_state DROP COLUMN state`);
    await q.query(`ALTER TABLE dispatch_state ADD COLUMN version text NOT NULL DEFAULT ''`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE dispatch_state DROP COLUMN version`);
    await q.query(
      `ALTER TABLE dispatch_state ADD COLUMN state jsonb NOT NULL DEFAULT '{"groups":{},"active":{}}'`,
    );
    await q.query(`
      UPDATE dispatch_state SET state = jsonb_build_object(
        'groups', coalesce((SELECT jsonb_object_agg(id, state) FROM dispatch_groups), '{}'),
        'active', coalesce((SELECT jsonb_object_agg(alert_id, context) FROM dispatch_active), '{}'))`);
    await q.query(`ALTER TABLE dispatch_state ALTER COLUMN state DROP DEFAULT`);
    await q.query(`DROP TABLE dispatch_active`);
    await q.query(`DROP TABLE dispatch_groups`);
  }
}
