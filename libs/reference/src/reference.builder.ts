import type { z } from 'zod';
import { corridorsFileSchema } from './corridors.schema';
import { crossReferenceProblems } from './cross-references';
import { indicatorsFileSchema } from './indicators.schema';
import { placesFileSchema } from './places.schema';
import { referenceOf, Reference } from './reference';
import { ReferenceDataError, ReferenceFile, ReferenceProblem } from './reference-data.error';
import { reportersFileSchema } from './reporters.schema';

/** The four files as parsed from YAML, not yet checked. */
export type ReferenceFiles = Readonly<Record<ReferenceFile, unknown>>;

/**
 * Checks the reference data, each file against its schema and then the files against each other, and
 * indexes it for lookups. Pure. Throws a ReferenceDataError listing every problem.
 */
export function buildReference(files: ReferenceFiles): Reference {
  const reporters = reportersFileSchema.safeParse(files.reporters);
  const indicators = indicatorsFileSchema.safeParse(files.indicators);
  const places = placesFileSchema.safeParse(files.places);
  const corridors = corridorsFileSchema.safeParse(files.corridors);
  if (!reporters.success || !indicators.success || !places.success || !corridors.success) {
    // Cross-references between files that are not well formed would mostly repeat the same mistakes.
    throw new ReferenceDataError([
      ...issuesOf('reporters', reporters),
      ...issuesOf('indicators', indicators),
      ...issuesOf('places', places),
      ...issuesOf('corridors', corridors),
    ]);
  }
  const data = {
    reporters: reporters.data.reporters,
    indicators: indicators.data.indicators,
    places: places.data.places,
    corridors: corridors.data.corridors,
  };
  const problems = crossReferenceProblems(data);
  if (problems.length > 0) throw new ReferenceDataError(problems);
  return referenceOf(data);
}

function issuesOf(file: ReferenceFile, result: z.ZodSafeParseResult<unknown>): ReferenceProblem[] {
  return result.success
    ? []
    : result.error.issues.map((issue) => ({ file, path: issue.path, message: issue.message }));
}
