import { parseLocatedYaml } from '@atalaya/reference';
import { referenceProblems, type CatalogueReference } from './catalogue.references';
import { catalogueSchema, type Catalogue } from './trigger.schema';

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
  const yaml = parseLocatedYaml(text, source);
  if (yaml.errors.length > 0) {
    throw new CatalogueError(
      yaml.errors.map((e) => `${e.at}: ${e.message}`),
      source,
    );
  }
  const result = catalogueSchema.safeParse(yaml.value);
  if (result.success) {
    const problems = reference ? referenceProblems(result.data, reference) : [];
    if (problems.length === 0) return result.data;
    throw new CatalogueError(
      problems.map((p) => `${yaml.where(p.path)}: ${p.path.join('.')}: ${p.message}`),
      source,
    );
  }
  throw new CatalogueError(
    result.error.issues.map(
      (issue) => `${yaml.where(issue.path)}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    ),
    source,
  );
}
