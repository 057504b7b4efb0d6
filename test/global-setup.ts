// Jest loads global setup outside its module mapper, so the libraries are imported by path here.
import { createDataSource, ensureDatabase } from '../libs/persistence/src/data-source';
import { requireEnv } from '../libs/testing/src/env';

/** The e2e run's own database: created and migrated once, dropped by global-teardown. */
export default async function globalSetup(): Promise<void> {
  const url = requireEnv('DATABASE_URL');
  await ensureDatabase(url);
  const ds = createDataSource(url, 1);
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}
