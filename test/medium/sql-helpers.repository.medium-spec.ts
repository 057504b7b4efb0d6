import {
  bulkInsert,
  createDataSource,
  lockNames,
  RowDecodeError,
  selectRows,
  type BulkColumn,
} from '@atalaya/persistence';
import { databaseForSuite, type SuiteDatabase } from '@atalaya/testing';
import type { DataSource } from 'typeorm';
import { z } from 'zod';

/** The shared SQL helpers of the repositories, on the real PostgreSQL: one bulk insert, one lock, one decoder. */
describe('bulk insert, advisory locks and row decoding', () => {
  let db: SuiteDatabase;
  let pool: DataSource;

  beforeAll(async () => {
    db = await databaseForSuite('sql_helpers');
    pool = createDataSource(db.url, 4);
    await pool.initialize();
    await pool.query(
      `CREATE TABLE scratch (id text PRIMARY KEY, n int, day date, at timestamptz, doc jsonb, note text)`,
    );
  });

  afterAll(async () => {
    await pool?.destroy();
    await db?.drop();
  });

  interface Row {
    id: string;
    n: number | null;
    day: string;
    doc: unknown;
  }
  const columns: Record<string, BulkColumn<Row>> = {
    id: ['text', (r) => r.id],
    n: ['int', (r) => r.n],
    day: ['date', (r) => r.day],
    doc: ['jsonb', (r) => JSON.stringify(r.doc)],
  };
  const scratch = { table: 'scratch', columns, constants: { at: 'now()' } };
  const ids = z.object({ id: z.string() });

  describe('bulkInsert', () => {
    it('inserts every row in one statement and returns, decoded, only the rows that were new', async () => {
      const first = await bulkInsert(
        pool.manager,
        { ...scratch, onConflict: { target: ['id'] }, returning: ids },
        [
          { id: 'a', n: 1, day: '2024-01-31', doc: { s: 'quote " backslash \\ comma , brace } ünï' } },
          { id: 'b', n: null, day: '2024-02-29', doc: [1, 2] },
        ],
      );
      expect(first).toEqual([{ id: 'a' }, { id: 'b' }]);
      const again = await bulkInsert(
        pool.manager,
        { ...scratch, onConflict: { target: ['id'] }, returning: ids },
        [
          { id: 'b', n: 7, day: '2024-03-01', doc: null },
          { id: 'c', n: 3, day: '2024-03-01', doc: {} },
          { id: 'c', n: 4, day: '2024-03-02', doc: {} },
        ],
      );
      expect(again).toEqual([{ id: 'c' }]);
      const rows = await pool.query<unknown[]>(
        `SELECT id, n, to_char(day, 'YYYY-MM-DD') AS day, doc, at IS NOT NULL AS stamped FROM scratch ORDER BY id`,
      );
      expect(rows).toEqual([
        {
          id: 'a',
          n: 1,
          day: '2024-01-31',
          doc: { s: 'quote " backslash \\ comma , brace } ünï' },
          stamped: true,
        },
        { id: 'b', n: null, day: '2024-02-29', doc: [1, 2], stamped: true },
        { id: 'c', n: 3, day: '2024-03-01', doc: {}, stamped: true },
      ]);
    });

    it('updates the named columns of conflicting rows where the condition holds', async () => {
      await bulkInsert(
        pool.manager,
        { ...scratch, onConflict: { target: ['id'], update: ['n'], where: 'scratch.n < EXCLUDED.n' } },
        [
          { id: 'a', n: 0, day: '2000-01-01', doc: null },
          { id: 'c', n: 9, day: '2000-01-01', doc: null },
        ],
      );
      const rows = await pool.query<unknown[]>(
        `SELECT id, n, to_char(day, 'YYYY-MM-DD') AS day FROM scratch ORDER BY id`,
      );
      expect(rows).toEqual([
        { id: 'a', n: 1, day: '2024-01-31' },
        { id: 'b', n: null, day: '2024-02-29' },
        { id: 'c', n: 9, day: '2024-03-01' },
      ]);
    });

    it('sends nothing for no rows', async () => {
      await expect(bulkInsert(pool.manager, { ...scratch, table: 'no_such_table' }, [])).resolves.toEqual([]);
    });
  });

  describe('selectRows', () => {
    it('names the table, the column and the place inside a JSON column when a row does not decode', async () => {
      const schema = z.object({ id: z.string(), doc: z.object({ s: z.string() }) });
      const read = selectRows(pool.manager, 'scratch', schema, `SELECT id, doc FROM scratch WHERE id = 'a'`);
      await expect(read).resolves.toEqual([{ id: 'a', doc: { s: expect.any(String) as string } }]);
      const wrong = selectRows(
        pool.manager,
        'scratch',
        z.object({ id: z.string(), n: z.string(), doc: z.object({ s: z.number() }) }),
        `SELECT id, n, doc FROM scratch WHERE id = 'a'`,
      );
      await expect(wrong).rejects.toThrow(RowDecodeError);
      await expect(wrong).rejects.toThrow(
        /^a row of scratch does not decode: column n: .*expected string.*; column doc at s: .*expected number/,
      );
    });
  });

  describe('lockNames', () => {
    const waitingOnLocks = async (): Promise<number> => {
      const [row] = await pool.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM pg_stat_activity
         WHERE datname = current_database() AND wait_event_type = 'Lock' AND wait_event = 'advisory'`,
      );
      return row.n;
    };
    const untilWaiting = async (n: number) => {
      for (let i = 0; i < 200 && (await waitingOnLocks()) !== n; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      expect(await waitingOnLocks()).toBe(n);
    };
    const signal = () => {
      let fire!: () => void;
      const fired = new Promise<void>((resolve) => (fire = resolve));
      return { fire, fired };
    };

    it('holds a name until the transaction ends: a second transaction naming it waits', async () => {
      const held = signal();
      const release = signal();
      const first = pool.transaction(async (em) => {
        await lockNames(em, ['report:PAN', 'report:CRI']);
        held.fire();
        await release.fired;
      });
      await held.fired;
      let secondDone = false;
      const second = pool
        .transaction((em) => lockNames(em, ['report:CRI', 'report:CRI']))
        .then(() => (secondDone = true));
      await untilWaiting(1);
      expect(secondDone).toBe(false);
      release.fire();
      await Promise.all([first, second]);
      expect(secondDone).toBe(true);
    });

    it('takes the names of one call in the order of their keys, so callers that keep that order never deadlock', async () => {
      // PostgreSQL says which name hashes lower. The first transaction holds the lower key and, once the
      // second is waiting for both names (given highest first), asks for the higher one. Had the second
      // taken the names in the order given, it would hold the higher key, and PostgreSQL would break the
      // deadlock by failing one of the two.
      const keys = await pool.query<{ n: string }[]>(
        `SELECT n FROM unnest(ARRAY['lock-a', 'lock-b']) AS n ORDER BY hashtextextended(n, 0)`,
      );
      const [low, high] = keys.map((k) => k.n);
      const held = signal();
      const next = signal();
      const first = pool.transaction(async (em) => {
        await lockNames(em, [low]);
        held.fire();
        await next.fired;
        await lockNames(em, [high]);
      });
      await held.fired;
      const second = pool.transaction((em) => lockNames(em, [high, low]));
      await untilWaiting(1);
      next.fire();
      await expect(Promise.all([first, second])).resolves.toEqual([undefined, undefined]);
    });
  });
});
