import type { Command } from 'commander';
import { loadRuntimeConfig } from '@atalaya/config';
import { createDataSource, dropDatabase, ensureDatabase } from '@atalaya/persistence';

export function migrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('create the database in DATABASE_URL if it is missing and apply pending migrations')
    .option('--reset', 'drop the database first (loses all data: for demos and tests)')
    .action(async (opts: { reset?: boolean }) => {
      const { DATABASE_URL } = loadRuntimeConfig();
      if (opts.reset) await dropDatabase(DATABASE_URL);
      const created = await ensureDatabase(DATABASE_URL);
      const ds = createDataSource(DATABASE_URL, 1);
      await ds.initialize();
      try {
        const applied = await ds.runMigrations({ transaction: 'each' });
        const db = new URL(DATABASE_URL).pathname.slice(1);
        console.log(`database ${db}: ${created ? 'created, ' : ''}${applied.length} migration(s) applied`);
      } finally {
        await ds.destroy();
      }
    });
}
