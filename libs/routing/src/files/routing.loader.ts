import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Reference } from '@atalaya/reference';
import { parseResponsesFile, parseRoutingFile } from '../catalogue/routing.parser';
import { RoutingCatalogueError, RoutingFile, RoutingReference } from '../catalogue/routing.schema';
import { ResponsesFile } from '../responses/response.schema';
import { RoutingConfig, routingConfigOf, TriggerLevels } from '../dispatch/routing.config';

export interface RoutingFiles {
  readonly routing: RoutingFile;
  readonly responses: ResponsesFile;
}

/**
 * Reads and checks `recipients.yaml` and `responses.yaml` in `dir` (the catalogue folder) against the
 * reference data and the trigger catalogue. Throws a RoutingCatalogueError naming every problem, each at its
 * file and line; the dispatcher refuses to start on one.
 */
export function loadRoutingFiles(dir: string, reference: Reference, catalogue: TriggerLevels): RoutingFiles {
  const against: RoutingReference = { ...reference, triggers: catalogue.triggers };
  const recipientsPath = join(dir, 'recipients.yaml');
  const responsesPath = join(dir, 'responses.yaml');
  const routing = parseRoutingFile(read(recipientsPath), recipientsPath, against);
  const ids = new Set(routing.recipients.map((r) => r.id));
  const responses = parseResponsesFile(read(responsesPath), responsesPath, against, ids);
  return { routing, responses };
}

/** The checked configuration the dispatcher routes with. */
export function loadRoutingConfig(
  dir: string,
  reference: Reference,
  catalogue: TriggerLevels,
): RoutingConfig {
  const { routing, responses } = loadRoutingFiles(dir, reference, catalogue);
  return routingConfigOf(routing, responses, reference, catalogue);
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new RoutingCatalogueError([`${path}: cannot be read (${(e as Error).message})`], path);
  }
}
