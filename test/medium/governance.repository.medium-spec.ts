import { resolve } from 'node:path';
import { TriggerGovernanceRepository } from '@atalaya/persistence';
import { loadReference } from '@atalaya/reference/files';
import { databaseForSuite, type SuiteDatabase } from '@atalaya/testing';
import { adoptionOf, triggerSchema, type TriggerVersion } from '@atalaya/triggers';

const reference = loadReference(resolve(__dirname, '../../deploy/catalogue'));

const proposal = triggerSchema.parse({
  id: 'darien-crossings-surge',
  version: 3,
  status: 'proposed',
  title: 'Darién, recalibrated',
  agreedBy: ['PAN', 'HND'],
  effective: { from: '2030-01-01' },
  scope: { indicators: ['irregular_crossings'], reporters: ['PAN'] },
  condition: { type: 'threshold' },
  levels: [{ name: 'watch', above: 150, clearBelow: 120, severity: 'Moderate' }],
});

const adopts = (v: TriggerVersion) => adoptionOf(v.trigger, v.endorsements, reference).adopted;

/** The governance tables on the real PostgreSQL: versions, the states' stances, adoption and the audit. */
describe('TriggerGovernanceRepository', () => {
  let db: SuiteDatabase;
  const governance = new TriggerGovernanceRepository();
  const stance = (state: string, s: 'endorse' | 'object', note: string | null = null) =>
    db.dataSource.transaction((em) =>
      governance.recordStance(
        em,
        { triggerId: proposal.id, version: 3, state, stance: s, note, by: `ops_${state.toLowerCase()}` },
        adopts,
      ),
    );

  beforeAll(async () => {
    db = await databaseForSuite('governance_repository');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('stores a proposal once, and reads it back as it was submitted', async () => {
    const submit = () => db.dataSource.transaction((em) => governance.submit(em, proposal, 'secretariat'));
    await expect(submit()).resolves.toBe(true);
    await expect(submit()).resolves.toBe(false);
    const [stored] = await governance.versions(db.dataSource.manager, proposal.id);
    expect(stored).toMatchObject({
      trigger: proposal,
      status: 'proposed',
      submittedBy: 'secretariat',
      adoptedAt: null,
    });
    expect(stored.endorsements).toEqual([]);
  });

  it('says so of a version it does not hold', async () => {
    const unknown = await db.dataSource.transaction((em) =>
      governance.recordStance(
        em,
        { triggerId: proposal.id, version: 9, state: 'PAN', stance: 'endorse', note: null, by: 'ops_pan' },
        adopts,
      ),
    );
    expect(unknown).toEqual({ kind: 'unknown' });
  });

  it('keeps one current stance per state, holds the version while one objects, and adopts it once all endorse', async () => {
    await expect(stance('HND', 'object', 'the warning level is too low for Trojes')).resolves.toMatchObject({
      kind: 'recorded',
      adopted: false,
    });
    await expect(stance('PAN', 'endorse')).resolves.toMatchObject({ kind: 'recorded', adopted: false });
    const adopted = await stance('HND', 'endorse', 'agreed after the June meeting');
    expect(adopted).toMatchObject({ kind: 'recorded', adopted: true, version: { status: 'adopted' } });
    const version = await governance.version(db.dataSource.manager, proposal.id, 3);
    expect(version?.adoptedAt).not.toBeNull();
    expect(version?.endorsements.map((e) => [e.state, e.stance, e.note, e.by])).toEqual([
      ['PAN', 'endorse', null, 'ops_pan'],
      ['HND', 'endorse', 'agreed after the June meeting', 'ops_hnd'],
    ]);
  });

  it('takes no stance on a version adopted already', async () => {
    await expect(stance('PAN', 'object', 'too late')).resolves.toEqual({ kind: 'closed', status: 'adopted' });
  });

  it('audits every submission, stance and adoption, oldest first', async () => {
    const history = await governance.history(db.dataSource.manager, proposal.id);
    expect(history.map((h) => [h.action, h.actor, h.detail.state ?? null, h.detail.before ?? null])).toEqual([
      ['version-submitted', 'secretariat', null, null],
      ['version-objected', 'ops_hnd', 'HND', null],
      ['version-endorsed', 'ops_pan', 'PAN', null],
      ['version-endorsed', 'ops_hnd', 'HND', 'object'],
      ['version-adopted', 'ops_hnd', null, null],
    ]);
    expect(history[1].detail.note).toBe('the warning level is too low for Trojes');
  });
});
