import type { Command } from 'commander';
import { TriggerGovernanceRepository } from '@atalaya/persistence';
import { historyOf, type VersionHistoryEntry } from '@atalaya/triggers';
import { withDatabase } from '../../with-database';
import { loadGovernanceFiles, todayUtc } from './governance.context';

const governance = new TriggerGovernanceRepository();

/** `atalaya triggers history <id>`: every version, the file's and the stored ones, with their endorsements. */
export function historyCommand(triggers: Command): void {
  triggers
    .command('history')
    .argument('<id>', 'the trigger')
    .option('--json', 'print each version as a JSON line')
    .description(
      'every version of a trigger: status, effective date, in force or in shadow, and who endorsed or objected, when, why',
    )
    .action(async (id: string, opts: { json?: boolean }) => {
      const { catalogue, reference } = loadGovernanceFiles();
      const file = catalogue.triggers.find((t) => t.id === id);
      if (!file) throw new Error(`no trigger ${id} in the catalogue (ATALAYA_CATALOGUE)`);
      const versions = await withDatabase((ds) => governance.versions(ds.manager, id));
      const history = historyOf(file, versions, todayUtc(), reference);
      for (const entry of history) {
        if (opts.json) console.log(JSON.stringify(entry));
        else printEntry(id, entry);
      }
    });
}

function printEntry(id: string, e: VersionHistoryEntry): void {
  const standing = e.inForce ? 'in force' : e.shadow ? 'in shadow' : 'superseded';
  const from = e.effectiveFrom ? `from ${e.effectiveFrom}` : 'always';
  console.log(`${id}@${e.version}  ${e.status.padEnd(8)}  ${standing.padEnd(10)}  ${from}  ${e.title}`);
  if (e.source === 'catalogue') {
    console.log(`  the catalogue file's version; agreed by ${e.agreedBy.join(', ') || 'no state yet'}`);
    return;
  }
  console.log(`  submitted by ${e.submittedBy} at ${e.submittedAt}; put to ${e.agreedBy.join(', ')}`);
  for (const s of e.endorsements) {
    console.log(
      `  ${s.stance === 'endorse' ? 'endorsed' : 'objected'}  ${s.state}  by ${s.by} at ${s.at}${s.note ? `: ${s.note}` : ''}`,
    );
  }
  const a = e.adoption;
  if (e.adoptedAt) console.log(`  adopted at ${e.adoptedAt}`);
  else if (a)
    console.log(
      `  waiting on ${a.outstanding.join(', ') || '—'} (rule: ${a.rule})${a.never ? `: ${a.never}` : ''}`,
    );
}
