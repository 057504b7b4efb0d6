import { loadRuntimeConfig } from '@atalaya/config';
import { createDataSource } from '@atalaya/persistence';
import type { DataSource } from 'typeorm';

/** Runs an operator command's work on a one-connection data source, closed whatever happens. */
export async function withDatabase<T>(work: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = createDataSource(loadRuntimeConfig().DATABASE_URL, 1);
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}
