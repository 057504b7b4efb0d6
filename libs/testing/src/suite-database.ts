import { cloneDatabase, dropDatabase } from '@atalaya/persistence';
import { DataSource } from 'typeorm';
import { requireEnv } from './env';

export interface SuiteDatabase {
  readonly url: string;
  readonly dataSource: DataSource;
  drop(): Promise<void>;
}

/**
 * A database of the suite's own, cloned from the run's migrated database (global-setup), so that suites
 * evaluating the same series never see each other's trigger state.
 */
export async function databaseForSuite(suite: string): Promise<SuiteDatabase> {
  const template = requireEnv('DATABASE_URL');
  const url = await cloneDatabase(template, `${new URL(template).pathname.slice(1)}_${suite}`);
  const dataSource = new DataSource({ type: 'postgres', url, extra: { max: 2 } });
  await dataSource.initialize();
  return {
    url,
    dataSource,
    drop: async () => {
      await dataSource.destroy();
      await dropDatabase(url);
    },
  };
}
