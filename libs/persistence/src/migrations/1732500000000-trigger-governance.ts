import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The states' negotiation of the triggers: each proposed version (its whole definition, who submitted it
 * and when, adopted once its endorsement rule is met), each state's current stance on it, and an audit line
 * for every submission, endorsement, objection and adoption. The catalogue file stays the agreed baseline.
 */
export class TriggerGovernance1732500000000 implements MigrationInterface {
  name = 'TriggerGovernance1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE trigger_versions (
        trigger_id text NOT NULL,
        version int NOT NULL,
        document jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('proposed', 'adopted')),
        effective_from date NOT NULL,
        submitted_by text NOT NULL,
        submitted_at timestamptz NOT NULL,
        adopted_at timestamptz,
        PRIMARY KEY (trigger_id, version),
        CHECK ((status = 'adopted') = (adopted_at IS NOT NULL))
      )`);
    // One current stance per state and version; every stance it took is in the audit.
    await q.query(`
      CREATE TABLE trigger_endorsements (
        trigger_id text NOT NULL,
        version int NOT NULL,
        state text NOT NULL,
        stance text NOT NULL CHECK (stance IN ('endorse', 'object')),
        note text,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (trigger_id, version, state),
        FOREIGN KEY (trigger_id, version) REFERENCES trigger_versions (trigger_id, version)
      )`);
    await q.query(`
      CREATE TABLE governance_audit (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL,
        actor text NOT NULL,
        action text NOT NULL CHECK (action IN ('version-submitted', 'version-endorsed', 'version-objected', 'version-adopted')),
        trigger_id text NOT NULL,
        version int NOT NULL,
        detail jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX governance_audit_trigger ON governance_audit (trigger_id, version, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE governance_audit`);
    await q.query(`DROP TABLE trigger_endorsements`);
    await q.query(`DROP TABLE trigger_versions`);
  }
}
