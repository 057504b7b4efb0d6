import { parseLocatedWith } from '@atalaya/reference';
import { referenceProblems, CatalogueReference } from './catalogue.references';
import { catalogueSchema, Catalogue } from './trigger.schema';

export class CatalogueError extends Error {
  constructor(
    readonly problems: readonly string[],
    source: string,
  ) {
    super(`trigger catalogue ${source} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Reads a trigger catalogue from YAML text. Every problem is reported as `file:line:column: path: message`,
 * so a negotiator editing the file knows exactly where to look. Given the reference data, the catalogue is
 * also checked against it: indicators, places, reporters and corridors must be ones it knows.
 */
export function parseCatalogue(
  text: string,
  source = 'catalogue',
  reference?: CatalogueReference,
): Catalogue {
  const checked = parseLocatedWith(text, source, catalogueSchema);
  if ('problems' in checked) throw new CatalogueError(checked.problems, source);
  const problems = reference ? referenceProblems(checked.value, reference) : [];
  if (problems.length === 0) return checked.value;
  throw new CatalogueError(
    problems.map((p) => `${checked.where(p.path)}: ${p.path.join('.')}: ${p.message}`),
    source,
  );
}
