import type { RoutingState } from '@atalaya/routing';
import { databaseForSuite, type SuiteDatabase } from '@atalaya/testing';
import type { EntityManager } from 'typeorm';
import { DispatchStateRepository } from '../../apps/dispatcher/src/dispatch-state.repository';

/** A group as the repository sees it: JSON it stores and reads back whole. */
const group = (routeId: string, flushed: string | null) => ({
  routeId,
  key: 'state=PAN',
  createdAt: '2026-12-01T00:00:00.000Z',
  lastFlushAt: flushed,
  alerts: {},
  deliveries: {},
});
const alert = (alertId: string, level: string) => ({ alertId, level, states: ['PAN'] });

const stateOf = (groups: Record<string, object>, active: Record<string, object>) =>
  ({ groups, active }) as unknown as RoutingState;

/** The dispatcher's routing state on the real PostgreSQL: a row per entry, under one lock, cached by version. */
describe('DispatchStateRepository', () => {
  let db: SuiteDatabase;

  beforeAll(async () => {
    db = await databaseForSuite('dispatchstate');
  });

  afterAll(async () => {
    await db?.drop();
  });

  beforeEach(async () => {
    await db.dataSource.query(`TRUNCATE dispatch_state, dispatch_groups, dispatch_active`);
  });

  const inTransaction = <T>(work: (em: EntityManager) => Promise<T>) => db.dataSource.transaction(work);

  /** Locks, moves the state as `move` says, saves; returns what the lock gave. */
  const step = (repo: DispatchStateRepository, move: (s: RoutingState) => RoutingState) =>
    inTransaction(async (em) => {
      const from = await repo.lock(em);
      await repo.save(em, { from, to: move(from) }, null);
      return from;
    });

  const readFresh = () => inTransaction((em) => new DispatchStateRepository().lock(em));

  it('starts empty, and stores groups and alerts in force as a later instance reads them', async () => {
    const repo = new DispatchStateRepository();
    expect(
      await step(repo, () => stateOf({ 'r|PAN': group('r', null) }, { a1: alert('a1', 'watch') })),
    ).toEqual(stateOf({}, {}));
    await step(repo, (s) =>
      stateOf({ ...s.groups, 'r|COL': group('r', '2026-12-01T01:00:00.000Z') }, { a2: alert('a2', 'alert') }),
    );
    expect(await readFresh()).toEqual(
      stateOf(
        { 'r|PAN': group('r', null), 'r|COL': group('r', '2026-12-01T01:00:00.000Z') },
        { a2: alert('a2', 'alert') },
      ),
    );
  });

  it('writes only the entries a step replaced, and deletes those it dropped', async () => {
    const repo = new DispatchStateRepository();
    await step(repo, () =>
      stateOf({ 'r|PAN': group('r', null), 'r|COL': group('r', null) }, { a1: alert('a1', 'watch') }),
    );
    // A row no step touches keeps whatever it holds: proof that an unchanged entry is not written.
    await db.dataSource.query(
      `UPDATE dispatch_groups SET state = state || '{"marker": true}' WHERE id = 'r|PAN'`,
    );
    await step(repo, (s) => {
      const { 'r|COL': dropped, ...kept } = s.groups;
      expect(dropped).toBeDefined();
      return stateOf({ ...kept, 'r|HND': group('r', null) }, s.active);
    });
    const rows = await db.dataSource.query<{ id: string; marked: boolean }[]>(
      `SELECT id, state ? 'marker' AS marked FROM dispatch_groups ORDER BY id`,
    );
    expect(rows).toEqual([
      { id: 'r|HND', marked: false },
      { id: 'r|PAN', marked: true },
    ]);
  });

  it('reads the rows again once another instance has written, and trusts nothing a rollback left', async () => {
    const mine = new DispatchStateRepository();
    const other = new DispatchStateRepository();
    await step(mine, () => stateOf({ 'r|PAN': group('r', null) }, {}));
    await step(other, (s) => stateOf(s.groups, { a1: alert('a1', 'watch') }));
    expect(await step(mine, (s) => s)).toEqual(
      stateOf({ 'r|PAN': group('r', null) }, { a1: alert('a1', 'watch') }),
    );

    await expect(
      inTransaction(async (em) => {
        const from = await mine.lock(em);
        await mine.save(em, { from, to: stateOf({}, {}) }, null);
        throw new Error('the rest of the transaction failed');
      }),
    ).rejects.toThrow('the rest of the transaction failed');
    expect(await step(mine, (s) => s)).toEqual(
      stateOf({ 'r|PAN': group('r', null) }, { a1: alert('a1', 'watch') }),
    );
  });
});
