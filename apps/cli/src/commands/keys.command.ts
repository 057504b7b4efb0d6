import type { Command } from 'commander';
import { iso3 } from '@atalaya/contracts';
import { loadRuntimeConfig } from '@atalaya/config';
import { createDataSource, issueApiKey, listApiKeys, revokeApiKey } from '@atalaya/persistence';
import type { DataSource } from 'typeorm';

async function withDatabase<T>(work: (ds: DataSource) => Promise<T>): Promise<T> {
  const ds = createDataSource(loadRuntimeConfig().DATABASE_URL, 1);
  await ds.initialize();
  try {
    return await work(ds);
  } finally {
    await ds.destroy();
  }
}

export function keysCommand(program: Command): void {
  const keys = program.command('keys').description('API keys of the HTTP door, one per agency system');
  keys
    .command('issue')
    .requiredOption('--reporter <ISO3>', 'the state the key may send signals for')
    .requiredOption('--label <text>', 'who holds the key, e.g. "SNM Panamá, statistics unit"')
    .description('issue a key; its secret is printed once and never stored')
    .action(async (opts: { reporter: string; label: string }) => {
      const reporter = iso3.parse(opts.reporter.toUpperCase());
      const { id, secret } = await withDatabase((ds) => issueApiKey(ds, reporter, opts.label));
      console.log(
        `issued ${id} for ${reporter} (${opts.label}). Give the holder this secret; it is not shown again:`,
      );
      console.log(secret);
    });
  keys
    .command('revoke')
    .argument('<id>', 'the key id, e.g. key_1a2b3c4d5e6f')
    .description('revoke a key at once')
    .action(async (id: string) => {
      if (await withDatabase((ds) => revokeApiKey(ds, id))) console.log(`revoked ${id}`);
      else {
        console.error(`no active key ${id}: see \`atalaya keys list\``);
        process.exitCode = 1;
      }
    });
  keys
    .command('list')
    .description('list keys (never their secrets)')
    .action(async () => {
      const all = await withDatabase(listApiKeys);
      all.forEach((k) =>
        console.log(
          `${k.id}  ${k.reporter}  ${k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : 'active'}  ${k.label}`,
        ),
      );
    });
}
