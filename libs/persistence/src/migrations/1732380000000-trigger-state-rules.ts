import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the evaluator now remembers per trigger and series: history length, a pending rise, the cooldown. */
export class TriggerStateRules1732380000000 implements MigrationInterface {
  name = 'TriggerStateRules1732380000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE trigger_state
        ADD COLUMN seen integer NOT NULL DEFAULT 0,
        ADD COLUMN pending_level text,
        ADD COLUMN pending_count integer NOT NULL DEFAULT 0,
        ADD COLUMN since_resolved integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE trigger_state
        DROP COLUMN since_resolved, DROP COLUMN pending_count, DROP COLUMN pending_level, DROP COLUMN seen`);
  }
}
