import type { Command } from 'commander';
import { TriggerGovernanceRepository } from '@atalaya/persistence';
import { adoptionOf, stanceRefusal, type Stance } from '@atalaya/triggers';
import { withDatabase } from '../../with-database';
import { loadGovernanceFiles } from './governance.context';

const governance = new TriggerGovernanceRepository();

interface StanceOptions {
  readonly state: string;
  readonly by: string;
  readonly note?: string;
}

/** `atalaya triggers endorse|object <id> <version>`: a state's stance, recorded on its behalf, audited. */
export function stanceCommands(triggers: Command): void {
  triggers
    .command('endorse')
    .argument('<id>', 'the trigger')
    .argument('<version>', 'the proposed version')
    .requiredOption('--state <ISO3>', 'the state that endorses it, one of its agreedBy')
    .requiredOption('--by <name>', 'who records it for that state (audited)')
    .option('--note <text>', 'what the state says with it')
    .description(
      'record a state’s endorsement of a proposed version; adopts it once its endorsement rule is met',
    )
    .action((id: string, version: string, opts: StanceOptions) => takeStance(id, version, 'endorse', opts));
  triggers
    .command('object')
    .argument('<id>', 'the trigger')
    .argument('<version>', 'the proposed version')
    .requiredOption('--state <ISO3>', 'the state that objects, one of its agreedBy')
    .requiredOption('--by <name>', 'who records it for that state (audited)')
    .requiredOption('--note <text>', 'why the state objects')
    .description(
      'record a state’s objection to a proposed version: it is not adopted while the objection stands',
    )
    .action((id: string, version: string, opts: StanceOptions) => takeStance(id, version, 'object', opts));
}

async function takeStance(
  id: string,
  rawVersion: string,
  stance: Stance,
  opts: StanceOptions,
): Promise<void> {
  const version = Number(rawVersion);
  if (!Number.isInteger(version) || version < 1)
    throw new Error(`version must be a whole number, not ${rawVersion}`);
  const { reference } = loadGovernanceFiles();
  const state = opts.state.toUpperCase();
  const outcome = await withDatabase((ds) =>
    ds.transaction(async (em) => {
      const proposed = await governance.version(em, id, version);
      const refusal = proposed && stanceRefusal(proposed.trigger, state);
      if (refusal) return { kind: 'refused' as const, refusal };
      return governance.recordStance(
        em,
        { triggerId: id, version, state, stance, note: opts.note ?? null, by: opts.by },
        (v) => adoptionOf(v.trigger, v.endorsements, reference).adopted,
      );
    }),
  );
  if (outcome.kind === 'refused') throw new Error(outcome.refusal);
  if (outcome.kind === 'unknown') {
    throw new Error(
      `no proposed version ${id}@${version}: \`atalaya triggers history ${id}\` lists its versions`,
    );
  }
  if (outcome.kind === 'closed') {
    throw new Error(
      `${id}@${version} is ${outcome.status} already: stances are taken on proposed versions only`,
    );
  }
  const adoption = adoptionOf(outcome.version.trigger, outcome.version.endorsements, reference);
  console.log(`${stance === 'endorse' ? 'endorsed' : 'objected'}  ${id}@${version}  by ${state}`);
  if (outcome.adopted) {
    console.log(
      `adopted    ${id}@${version}: in force from ${outcome.version.trigger.effective?.from}, open alerts pass to it then`,
    );
  } else {
    console.log(
      `waiting    on ${adoption.outstanding.join(', ') || '—'}${adoption.never ? `: ${adoption.never}` : ''}`,
    );
  }
}
