import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadRuntimeConfig } from '@atalaya/config';
import { CatalogueError, parseCatalogue } from '@atalaya/triggers';

export function triggersCommand(program: Command): void {
  const triggers = program.command('triggers').description('work with the trigger catalogue');
  triggers
    .command('validate')
    .argument('[file]', 'catalogue file (default: ATALAYA_CATALOGUE or deploy/catalogue/triggers.yaml)')
    .description('check a trigger catalogue and point at the line of every problem')
    .action((file?: string) => {
      const path = file ?? loadRuntimeConfig().ATALAYA_CATALOGUE;
      try {
        const catalogue = parseCatalogue(readFileSync(path, 'utf8'), path);
        catalogue.triggers.forEach((t) => console.log(`ok  ${t.id}@${t.version}  ${t.title}`));
      } catch (e) {
        if (!(e instanceof CatalogueError)) throw e;
        console.error(e.message);
        process.exitCode = 1;
      }
    });
}
