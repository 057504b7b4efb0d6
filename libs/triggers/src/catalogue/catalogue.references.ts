import { Reference } from '@atalaya/reference';
import { Catalogue } from './trigger.schema';

/** What the cross-check needs of the reference data. */
export type CatalogueReference = Pick<Reference, 'corridors' | 'reporters' | 'indicator' | 'place'>;

export interface ReferenceProblem {
  /** Where in the catalogue, as a path into its YAML (`triggers.3.scope.places.0`). */
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * What the catalogue names that the reference data does not know: a trigger scoped to an indicator, a
 * place or a reporter nobody publishes would never fire, and a corridor trigger needs its corridor's steps
 * for the travel-time lags. Each problem says which reference file to fix, or which name to correct.
 */
export function referenceProblems(catalogue: Catalogue, reference: CatalogueReference): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const reporters = new Set(reference.reporters.map((r) => r.iso3));
  catalogue.triggers.forEach((t, i) => {
    const at = (...path: (string | number)[]) => ['triggers', i, ...path];
    t.scope.indicators.forEach((name, j) => {
      if (!reference.indicator(name)) {
        problems.push({
          path: at('scope', 'indicators', j),
          message: `unknown indicator "${name}": add it to indicators.yaml or correct the name`,
        });
      }
    });
    t.scope.places?.forEach((id, j) => {
      if (!reference.place(id)) {
        problems.push({
          path: at('scope', 'places', j),
          message: `unknown place "${id}": add it to places.yaml or correct the name`,
        });
      }
    });
    t.scope.reporters?.forEach((iso3, j) => {
      if (!reporters.has(iso3)) {
        problems.push({
          path: at('scope', 'reporters', j),
          message: `${iso3} is not a reporting state: add it to reporters.yaml or correct the code`,
        });
      }
    });
    const c = t.condition;
    if (c.type !== 'corridor_composite') return;
    const corridor = reference.corridors.find((k) => k.id === c.corridor);
    if (!corridor) {
      problems.push({
        path: at('condition', 'corridor'),
        message: `unknown corridor "${c.corridor}": known corridors are ${reference.corridors.map((k) => k.id).join(', ') || 'none'} (corridors.yaml)`,
      });
      return;
    }
    const steps = new Set(corridor.steps.map((s) => s.place));
    c.members.forEach((m, j) => {
      if (!steps.has(m.place)) {
        problems.push({
          path: at('condition', 'members', j, 'place'),
          message: `${m.place} is not a step of corridor ${corridor.id} (${[...steps].join(' → ')}): its travel-time lag is unknown`,
        });
      }
    });
  });
  return problems;
}
