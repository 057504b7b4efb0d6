import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadRuntimeConfig } from '@atalaya/config';
import { loadReference } from '@atalaya/reference/files';
import { parseRoutingFile, RoutingCatalogueError } from '@atalaya/routing';
import { SharingPolicyError } from '@atalaya/sharing';
import { loadSharingPolicies } from '@atalaya/sharing/files';

export function sharingCommand(program: Command): void {
  const sharing = program.command('sharing').description('work with the data-sharing policies');
  sharing
    .command('validate')
    .argument('[file]', 'policy file (default: sharing.yaml in ATALAYA_REFERENCE_DIR, deploy/catalogue)')
    .description(
      'check the data-sharing policies against the reference data (ATALAYA_REFERENCE_DIR) and the ' +
        'recipients of ATALAYA_RECIPIENTS, and point at the line of every problem',
    )
    .action((file?: string) => {
      const config = loadRuntimeConfig();
      const path = file ?? join(config.ATALAYA_REFERENCE_DIR, 'sharing.yaml');
      try {
        const reference = loadReference(config.ATALAYA_REFERENCE_DIR);
        const { recipients } = parseRoutingFile(
          readFileSync(config.ATALAYA_RECIPIENTS, 'utf8'),
          config.ATALAYA_RECIPIENTS,
        );
        const policies = loadSharingPolicies(path, { ...reference, recipients });
        for (const [reporter, versions] of policies.byReporter)
          for (const p of versions)
            console.log(
              `ok  ${reporter} v${p.version}  from ${p.effective.from}  ${p.rules.length} rules  ` +
                `neighbours: ${p.neighbours.join(', ') || 'none'}`,
            );
        const missing = reference.reporters.filter((r) => !policies.byReporter.has(r.iso3));
        if (missing.length > 0)
          console.log(
            `note: no policy for ${missing.map((r) => r.iso3).join(', ')}: nothing of their figures is shared`,
          );
      } catch (e) {
        if (!(e instanceof SharingPolicyError || e instanceof RoutingCatalogueError)) throw e;
        console.error(e.message);
        process.exitCode = 1;
      }
    });
}
