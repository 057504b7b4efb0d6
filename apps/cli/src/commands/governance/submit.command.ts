import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { TriggerGovernanceRepository } from '@atalaya/persistence';
import { CatalogueError, knownVersions, parseProposal, requiredStates } from '@atalaya/triggers';
import { withDatabase } from '../../with-database';
import { loadGovernanceFiles, todayUtc } from './governance.context';

const governance = new TriggerGovernanceRepository();

/** `atalaya triggers submit <proposal.yaml>`: proposed versions put to their states, refused at file and line. */
export function submitCommand(triggers: Command): void {
  triggers
    .command('submit')
    .argument('<file>', 'a proposal: the catalogue’s YAML shape, each trigger `status: proposed`')
    .requiredOption('--by <name>', 'who submits it (audited)')
    .description(
      'put proposed versions of catalogue triggers to their states (agreedBy): checked against the catalogue ' +
        '(ATALAYA_CATALOGUE), the versions stored and the reference data, then run in shadow until adopted',
    )
    .action(async (file: string, opts: { by: string }) => {
      const { catalogue, reference } = loadGovernanceFiles();
      const text = readFileSync(file, 'utf8');
      await withDatabase((ds) =>
        ds.transaction(async (em) => {
          const context = {
            reference,
            versionsOf: knownVersions(catalogue, await governance.versions(em), todayUtc()),
            today: todayUtc(),
          };
          let proposals;
          try {
            proposals = parseProposal(text, file, context);
          } catch (e) {
            if (!(e instanceof CatalogueError)) throw e;
            console.error(e.message);
            process.exitCode = 1;
            return;
          }
          for (const p of proposals) {
            if (!(await governance.submit(em, p, opts.by))) {
              throw new Error(`${p.id}@${p.version} was submitted meanwhile: nothing recorded, submit again`);
            }
            console.log(
              `submitted  ${p.id}@${p.version}  from ${p.effective?.from}  to ${requiredStates(p, reference).join(', ')} (endorsement: ${p.endorsement}); in shadow until adopted`,
            );
          }
        }),
      );
    });
}
