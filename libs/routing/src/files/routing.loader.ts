import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Reference } from '@atalaya/reference';
import { parseCatalogue } from '@atalaya/triggers';
import { parseResponsesFile, parseRoutingFile } from '../catalogue/routing.parser';
import { RoutingCatalogueError, RoutingFile, RoutingReference } from '../catalogue/routing.schema';
import { ResponsesFile } from '../responses/response.schema';
import { TriggerLevels } from '../dispatch/routing.config';

export interface RoutingFiles {
  readonly routing: RoutingFile;
  readonly responses: ResponsesFile;
}

/** Where the recipients (with the routing tree) and the response protocols are read from. */
export interface RoutingPaths {
  readonly recipients: string;
  readonly responses: string;
}

/** `recipients.yaml` and `responses.yaml` in one folder, as the catalogue keeps them. */
export const routingPathsIn = (dir: string): RoutingPaths => ({
  recipients: join(dir, 'recipients.yaml'),
  responses: join(dir, 'responses.yaml'),
});

/**
 * Reads and checks the recipients file and the responses file against the reference data and the trigger
 * catalogue. Throws a RoutingCatalogueError naming every problem, each at its file and line; the dispatcher
 * refuses to start on one.
 */
export function loadRoutingFiles(
  paths: RoutingPaths,
  reference: Reference,
  catalogue: TriggerLevels,
): RoutingFiles {
  const against: RoutingReference = { ...reference, triggers: catalogue.triggers };
  const { recipients: recipientsPath, responses: responsesPath } = paths;
  const routing = parseRoutingFile(read(recipientsPath), recipientsPath, against);
  const ids = new Set(routing.recipients.map((r) => r.id));
  const responses = parseResponsesFile(read(responsesPath), responsesPath, against, ids);
  return { routing, responses };
}

/**
 * The trigger catalogue and the routing files checked against it, from their paths, with the reference the
 * routing is checked against: what the dispatcher and the operator commands start from.
 */
export function loadCatalogueRouting(
  paths: RoutingPaths & { readonly catalogue: string },
  reference: Reference,
): {
  files: RoutingFiles;
  catalogue: TriggerLevels;
  against: Reference & { readonly triggers: TriggerLevels['triggers'] };
} {
  const catalogue = parseCatalogue(readFileSync(paths.catalogue, 'utf8'), paths.catalogue, reference);
  return {
    files: loadRoutingFiles(paths, reference, catalogue),
    catalogue,
    against: { ...reference, triggers: catalogue.triggers },
  };
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new RoutingCatalogueError([`${path}: cannot be read (${(e as Error).message})`], path);
  }
}
