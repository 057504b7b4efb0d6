import { assertMigrated, createDataSource, ObservationsRepository } from '@atalaya/persistence';
import type { EvaluatedObservation } from '@atalaya/triggers';

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
    const stored = await new ObservationsRepository().latest(ds.manager);
    if (stored.length === 0) {
      throw new Error(
        `the database ${databaseName(url)} holds no observations yet: replay or import figures first ` +
          '(`npm run demo:feed`, `atalaya import`), or give the backtest a manifest or a CSV file',
      );
    }
    return stored.sort((a, b) => a.period.start.localeCompare(b.period.start));
  } finally {
    await ds.destroy();
  }
}

/** Where, without the credentials: `atalaya on 127.0.0.1:5432`. */
export function databaseName(url: string): string {
  const u = new URL(url);
  return `${decodeURIComponent(u.pathname.slice(1))} on ${u.host}`;
}
