import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The latest values of a series that a trigger's condition needs (a rate of change's window). */
export class TriggerStateHistory1732390000000 implements MigrationInterface {
  name = 'TriggerStateHistory1732390000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE trigger_state ADD COLUMN history jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE trigger_state DROP COLUMN history`);
  }
}
