import { assertMigrated, createDataSource } from '@atalaya/persistence';
import type { EvaluatedObservation } from '@atalaya/triggers';

interface ObservationRow {
  signalId: string;
  seriesKey: string;
  reporter: string;
  indicator: string;
  country: string;
  admin1: string | null;
  place: string | null;
  corridor: string | null;
  start: string;
  end: string;
  value: number;
}

/** The latest revision of every series and period, as the engine evaluates them (series.repository.ts). */
const LATEST_OBSERVATIONS = `
  SELECT DISTINCT ON (series_key, period_start)
         signal_id AS "signalId", series_key AS "seriesKey", reporter, indicator, country, admin1, place,
         corridor, to_char(period_start, 'YYYY-MM-DD') AS start, to_char(period_end, 'YYYY-MM-DD') AS "end",
         value
    FROM observations
   ORDER BY series_key, period_start, revision DESC, id DESC`;

/** The stored observations of the database at `url`, oldest period first. */
export async function historyFromDatabase(url: string): Promise<EvaluatedObservation[]> {
  const ds = createDataSource(url, 1);
  try {
    await ds.initialize();
  } catch (e) {
    throw new Error(
      `cannot connect to the database ${databaseName(url)}: ${(e as Error).message}. ` +
        'Set DATABASE_URL to the stack’s database, or start the stack with `npm run stack:up`',
    );
  }
  try {
    await assertMigrated(ds, url);
    const rows: ObservationRow[] = await ds.query(LATEST_OBSERVATIONS);
    if (rows.length === 0) {
      throw new Error(
        `the database ${databaseName(url)} holds no observations yet: replay or import figures first ` +
          '(`npm run demo:feed`, `atalaya import`), or give the backtest a manifest or a CSV file',
      );
    }
    return rows.map(observationOf).sort((a, b) => a.period.start.localeCompare(b.period.start));
  } finally {
    await ds.destroy();
  }
}

function observationOf(r: ObservationRow): EvaluatedObservation {
  return {
    signalId: r.signalId,
    seriesKey: r.seriesKey,
    reporter: r.reporter,
    indicator: r.indicator,
    location: {
      country: r.country,
      ...(r.admin1 === null ? {} : { admin1: r.admin1 }),
      ...(r.place === null ? {} : { place: r.place }),
      ...(r.corridor === null ? {} : { corridor: r.corridor }),
    },
    period: { start: r.start, end: r.end },
    value: r.value,
  };
}

/** Where, without the credentials: `atalaya on 127.0.0.1:5432`. */
export function databaseName(url: string): string {
  const u = new URL(url);
  return `${decodeURIComponent(u.pathname.slice(1))} on ${u.host}`;
}
