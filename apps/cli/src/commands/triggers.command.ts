import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadRuntimeConfig } from '@atalaya/config';
import { loadReference } from '@atalaya/reference/files';
import { CatalogueError, parseCatalogue } from '@atalaya/triggers';
import { calibrationCommands } from './calibration.command';
import { governanceCommands } from './governance/governance.commands';

export function triggersCommand(program: Command): void {
  const triggers = program.command('triggers').description('work with the trigger catalogue');
  triggers
    .command('validate')
    .argument('[file]', 'catalogue file (default: ATALAYA_CATALOGUE or deploy/catalogue/triggers.yaml)')
    .description(
      'check a trigger catalogue, and its names against the reference data (ATALAYA_REFERENCE_DIR), and ' +
        'point at the line of every problem',
    )
    .action((file?: string) => {
      const config = loadRuntimeConfig();
      const path = file ?? config.ATALAYA_CATALOGUE;
      try {
        const reference = loadReference(config.ATALAYA_REFERENCE_DIR);
        const catalogue = parseCatalogue(readFileSync(path, 'utf8'), path, reference);
        catalogue.triggers.forEach((t) => console.log(`ok  ${t.id}@${t.version}  ${t.title}`));
      } catch (e) {
        if (!(e instanceof CatalogueError)) throw e;
        console.error(e.message);
        process.exitCode = 1;
      }
    });
  calibrationCommands(triggers);
  governanceCommands(triggers);
}
