import { parseLocatedWith } from '@atalaya/reference';
import { CatalogueError } from '../catalogue/catalogue.parser';
import { CatalogueReference, ReferenceProblem, referenceProblems } from '../catalogue/catalogue.references';
import { catalogueSchema, Trigger } from '../catalogue/trigger.schema';
import { isDerived } from '../derived/derived.series';
import { requiredStates, TerritoryReference, adoptionOf } from './adoption';

/** What a proposal is checked against. */
export interface ProposalContext {
  readonly reference: CatalogueReference & TerritoryReference;
  /** The versions of a trigger known so far: the one in force and the highest of any status; none for an unknown id. */
  readonly versionsOf: (id: string) => { readonly inForce: Trigger; readonly highest: number } | undefined;
  /** Today in UTC (YYYY-MM-DD): a proposal may not take effect before it. */
  readonly today: string;
}

/**
 * Why a proposed version of a trigger cannot be put to the states, each problem with its path inside the
 * trigger: it must say it is proposed, be newer than every version known, take effect from a date no
 * earlier than today or the version in force, be put to reporting states whose endorsements can adopt it,
 * keep its condition's kind, and name only what the reference data knows. Level order and the rest of the
 * trigger's shape are the schema's.
 */
export function proposalProblems(proposal: Trigger, context: ProposalContext): ReferenceProblem[] {
  const known = context.versionsOf(proposal.id);
  if (!known) {
    return [
      {
        path: ['id'],
        message: `no trigger ${proposal.id} in the catalogue: a new trigger enters through the catalogue file; a proposal changes one that is there`,
      },
    ];
  }
  const problems: ReferenceProblem[] = [];
  const add = (message: string, ...path: (string | number)[]) => problems.push({ path, message });
  const { inForce, highest } = known;
  if (proposal.status !== 'proposed') {
    add(
      'a proposal says `status: proposed`: a version is adopted by the states’ endorsements, not by its file',
      'status',
    );
  }
  if (proposal.version <= highest) {
    add(
      `version ${proposal.version} is not new: ${proposal.id} is at version ${highest} (${inForce.version} in force); propose version ${highest + 1}`,
      'version',
    );
  }
  problems.push(...effectiveProblems(proposal, inForce, context.today));
  const reporters = new Set(context.reference.reporters.map((r) => r.iso3));
  proposal.agreedBy.forEach((state, j) => {
    if (!reporters.has(state)) {
      add(`${state} is not a reporting state: add it to reporters.yaml or correct the code`, 'agreedBy', j);
    }
  });
  if (requiredStates(proposal, context.reference).length === 0) {
    add(adoptionOf(proposal, [], context.reference).never ?? '', 'agreedBy');
  }
  if (kindOf(inForce) === 'no-data') {
    add(
      'the versions of a no-data trigger are changed in the catalogue file: the silence watch does not take governed versions yet',
      'condition',
      'type',
    );
  } else if (kindOf(proposal) !== kindOf(inForce)) {
    add(
      `a ${kindOf(inForce)} trigger stays one: version ${inForce.version} is ${inForce.condition.type}; a new kind of trigger enters through the catalogue file`,
      'condition',
      'type',
    );
  }
  problems.push(
    ...referenceProblems({ triggers: [proposal] }, context.reference).map((p) => ({
      path: p.path.slice(2),
      message: p.message,
    })),
  );
  return problems;
}

/**
 * Reads a proposal file: the catalogue's YAML shape (`triggers: [...]`), each trigger a proposed version
 * of one in force. Every problem is reported as `file:line:column: path: message`.
 */
export function parseProposal(text: string, source: string, context: ProposalContext): readonly Trigger[] {
  const checked = parseLocatedWith(text, source, catalogueSchema);
  if ('problems' in checked) throw new CatalogueError(checked.problems, source);
  const problems = checked.value.triggers.flatMap((t, i) =>
    proposalProblems(t, context).map((p) => {
      const path = ['triggers', i, ...p.path];
      return `${checked.where(path)}: ${path.join('.')}: ${p.message}`;
    }),
  );
  if (problems.length > 0) throw new CatalogueError(problems, source);
  return checked.value.triggers;
}

function effectiveProblems(proposal: Trigger, inForce: Trigger, today: string): ReferenceProblem[] {
  const from = proposal.effective?.from;
  if (from === undefined) {
    return [
      { path: ['effective'], message: 'say from when it takes effect: `effective: { from: YYYY-MM-DD }`' },
    ];
  }
  const inForceFrom = inForce.effective?.from;
  if (inForceFrom !== undefined && from < inForceFrom) {
    return [
      {
        path: ['effective', 'from'],
        message: `${from} is before ${inForceFrom}, when version ${inForce.version} in force took effect: date it ${inForceFrom} or later`,
      },
    ];
  }
  if (from < today) {
    return [
      {
        path: ['effective', 'from'],
        message: `${from} has passed: a version takes effect from today (${today}) at the earliest`,
      },
    ];
  }
  return [];
}

function kindOf(trigger: Trigger): string {
  if (isDerived(trigger)) return 'derived';
  return trigger.condition.type === 'no_data' ? 'no-data' : 'per-series';
}
