import {
  reporterSchema,
  seriesKeyOf,
  seriesKeySchema,
  type Observation,
  type SeriesBreakDeclaration,
} from '@atalaya/contracts';
import { ObservationsRepository, SeriesBreaksRepository } from '@atalaya/persistence';
import { databaseForSuite, type SuiteDatabase } from '@atalaya/testing';

const series = {
  reporter: 'PAN',
  indicator: 'irregular_crossings',
  location: { country: 'PAN', place: 'darien' },
};
const SERIES = seriesKeySchema.parse(seriesKeyOf(series));

let offset = 0;
/** A stored monthly figure of the Darién series, 2024, month `m` (1-12). */
function observation(m: number, value: number, over: Partial<Observation> = {}): Observation {
  const month = String(m).padStart(2, '0');
  const end = new Date(Date.UTC(2024, m, 0)).toISOString().slice(0, 10);
  return {
    signalId: `breaks-2024-${month}-r${over.revision ?? 1}`,
    ...series,
    period: { start: `2024-${month}-01`, end },
    value,
    revision: 1,
    quality: 'provisional',
    seriesKey: SERIES,
    receivedAt: new Date().toISOString(),
    source: { topic: 'atalaya.signals.PAN', partition: 0, offset: String(offset++) },
    ...over,
  };
}

const declaration = (start: string, over: Partial<SeriesBreakDeclaration> = {}): SeriesBreakDeclaration => ({
  ...series,
  period: { start },
  kind: 'coverage',
  ...over,
});

/**
 * Series breaks on the real PostgreSQL: a signal's own break is stored with its observation, a declared one
 * is applied to the figure whose period holds its day, and every read the engine and the backtest make of
 * stored observations gives them back.
 */
describe('series breaks in the store', () => {
  let db: SuiteDatabase;
  const observations = new ObservationsRepository();
  const breaks = new SeriesBreaksRepository();
  const breakOf = async (start: string) => {
    const stored = await observations.latestOf(db.dataSource.manager, [SERIES], []);
    return stored.get(SERIES)?.find((o) => o.period.start === start)?.seriesBreak;
  };

  beforeAll(async () => {
    db = await databaseForSuite('series_breaks');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it("stores a signal's own break and reads it back with the series", async () => {
    const march = observation(3, 24000, { seriesBreak: { kind: 'method', note: 'counted at reception' } });
    await db.dataSource.transaction((em) =>
      observations.insertNew(em, [observation(1, 240), observation(2, 250), march]),
    );
    expect(await breakOf('2024-03-01')).toEqual({ kind: 'method', note: 'counted at reception' });
    expect(await breakOf('2024-02-01')).toBeUndefined();
    const all = await observations.latest(db.dataSource.manager);
    expect(all.filter((o) => o.seriesBreak).map((o) => o.period.start)).toEqual(['2024-03-01']);
  });

  it('keeps or drops the break as the higher revision of the period says', async () => {
    await db.dataSource.transaction((em) =>
      observations.insertNew(em, [observation(3, 23900, { revision: 2 })]),
    );
    expect(await breakOf('2024-03-01')).toBeUndefined();
    await db.dataSource.transaction((em) =>
      observations.insertNew(em, [observation(3, 23950, { revision: 3, seriesBreak: { kind: 'coverage' } })]),
    );
    expect(await breakOf('2024-03-01')).toEqual({ kind: 'coverage' });
  });

  it('applies a declared break to the figure whose period holds its day, stored before or after', async () => {
    const declared = await db.dataSource.transaction((em) =>
      breaks.declare(em, declaration('2024-02-10', { note: 'Bajo Chiquito added' }), 'api:key_test'),
    );
    expect(declared).toMatchObject({
      seriesKey: SERIES,
      period: { start: '2024-02-10' },
      declaredBy: 'api:key_test',
      note: 'Bajo Chiquito added',
    });
    expect(await breakOf('2024-02-01')).toEqual({ kind: 'coverage', note: 'Bajo Chiquito added' });
    expect(await breakOf('2024-01-01')).toBeUndefined();
    expect(await db.dataSource.transaction((em) => breaks.storedFigure(em, declared))).toEqual({
      signalId: 'breaks-2024-02-r1',
      revision: 1,
    });

    await db.dataSource.transaction((em) => breaks.declare(em, declaration('2024-05-01'), 'cli:ops'));
    const may = observation(5, 30000);
    const fresh = await db.dataSource.transaction(async (em) =>
      observations.withSeriesBreaks(em, await observations.insertNew(em, [observation(4, 260), may])),
    );
    expect(fresh.map((o) => [o.period.start, o.seriesBreak])).toEqual([
      ['2024-04-01', undefined],
      ['2024-05-01', { kind: 'coverage' }],
    ]);
  });

  it("lets the signal's own break stand over a declared one, and the latest declaration over earlier ones", async () => {
    await db.dataSource.transaction((em) => breaks.declare(em, declaration('2024-03-01'), 'api:key_test'));
    expect(await breakOf('2024-03-01')).toEqual({ kind: 'coverage' });
    await db.dataSource.transaction((em) =>
      breaks.declare(em, declaration('2024-02-10', { kind: 'method' }), 'api:key_test'),
    );
    expect(await breakOf('2024-02-01')).toEqual({ kind: 'method' });
  });

  it("lists a reporter's declarations, oldest first, with who and when", async () => {
    const listed = await breaks.list(db.dataSource.manager, reporterSchema.parse('PAN'));
    expect(listed.map((b) => [b.period.start, b.kind, b.declaredBy])).toEqual([
      ['2024-02-10', 'coverage', 'api:key_test'],
      ['2024-05-01', 'coverage', 'cli:ops'],
      ['2024-03-01', 'coverage', 'api:key_test'],
      ['2024-02-10', 'method', 'api:key_test'],
    ]);
    expect(await breaks.list(db.dataSource.manager, reporterSchema.parse('HND'))).toEqual([]);
  });
});
