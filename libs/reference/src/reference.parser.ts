import { join } from 'node:path';
import { Reference } from './reference';
import { ReferenceDataError, referenceFiles, ReferenceFile, ReferenceProblem } from './reference-data.error';
import { buildReference } from './reference.builder';
import { parseLocatedYaml, LocatedYaml } from './yaml.positions';

/**
 * Builds the reference from the YAML text of each of the four files and points every problem at its
 * `file:line:col`. `dir` only names the files in the messages.
 */
export function parseReference(texts: Readonly<Record<ReferenceFile, string>>, dir?: string): Reference {
  const docs = Object.fromEntries(
    referenceFiles.map((file) => [file, parseLocatedYaml(texts[file], join(dir ?? '', `${file}.yaml`))]),
  ) as Record<ReferenceFile, LocatedYaml>;
  const syntax = referenceFiles.flatMap((file) =>
    docs[file].errors.map(({ at, message }): ReferenceProblem => ({ file, path: [], message, at })),
  );
  if (syntax.length > 0) throw new ReferenceDataError(syntax);
  try {
    return buildReference({
      reporters: docs.reporters.value,
      indicators: docs.indicators.value,
      places: docs.places.value,
      corridors: docs.corridors.value,
    });
  } catch (e) {
    if (!(e instanceof ReferenceDataError)) throw e;
    throw new ReferenceDataError(e.problems.map((p) => ({ ...p, at: docs[p.file].where(p.path) })));
  }
}
