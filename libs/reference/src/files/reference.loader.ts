import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReference } from '../reference.parser';
import type { Reference } from '../reference';
import {
  ReferenceDataError,
  referenceFiles,
  type ReferenceFile,
  type ReferenceProblem,
} from '../reference-data.error';

/**
 * Reads and checks the reference data: `reporters.yaml`, `indicators.yaml`, `places.yaml` and
 * `corridors.yaml` in `dir`. Services call it once at start and refuse to start on a ReferenceDataError.
 */
export function loadReference(dir = 'deploy/catalogue'): Reference {
  const texts = {} as Record<ReferenceFile, string>;
  const unreadable: ReferenceProblem[] = [];
  for (const file of referenceFiles) {
    const path = join(dir, `${file}.yaml`);
    try {
      texts[file] = readFileSync(path, 'utf8');
    } catch (e) {
      const message = `cannot be read (${(e as Error).message}); is ${dir} the reference folder (ATALAYA_REFERENCE_DIR)?`;
      unreadable.push({ file, path: [], message, at: path });
    }
  }
  if (unreadable.length > 0) throw new ReferenceDataError(unreadable);
  return parseReference(texts, dir);
}
