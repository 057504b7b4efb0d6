import { parseLocatedWith } from '@atalaya/reference';
import { isMap, isScalar, LineCounter, parseDocument, type Node } from 'yaml';
import { z } from 'zod';
import { responsesFileSchema, ResponsesFile } from '../responses/response.schema';
import { responseProblems, routingProblems } from './routing.references';
import {
  Problem,
  RoutingCatalogueError,
  routingFileSchema,
  RoutingFile,
  RoutingReference,
} from './routing.schema';

/**
 * Reads `recipients.yaml`: recipients, the routing tree and the inhibit rules. Every problem is reported as
 * `file:line:column: path: message`; given the reference data and the trigger catalogue, every recipient,
 * state, place, corridor, indicator, trigger and level it names must be one they know.
 */
export function parseRoutingFile(
  text: string,
  source = 'recipients.yaml',
  reference?: RoutingReference,
): RoutingFile {
  return parseChecked(text, source, routingFileSchema, (file) =>
    reference ? routingProblems(file, reference) : [],
  );
}

/**
 * Reads `responses.yaml`: the response protocols, per trigger and level. Triggers and levels are checked
 * against the trigger catalogue, organisations against the recipients.
 */
export function parseResponsesFile(
  text: string,
  source = 'responses.yaml',
  reference?: RoutingReference,
  recipientIds?: ReadonlySet<string>,
): ResponsesFile {
  return parseChecked(text, source, responsesFileSchema, (file) =>
    reference && recipientIds ? responseProblems(file, reference, recipientIds) : [],
  );
}

function parseChecked<T>(
  text: string,
  source: string,
  schema: z.ZodType<T>,
  check: (value: T) => Problem[],
): T {
  const checked = parseLocatedWith(text, source, schema);
  if ('problems' in checked) throw new RoutingCatalogueError(checked.problems, source);
  const problems = check(checked.value);
  if (problems.length === 0) return checked.value;
  const keyAt = keyLocator(text, source);
  throw new RoutingCatalogueError(
    problems.map(
      (p) => `${(p.key && keyAt(p.path)) || checked.where(p.path)}: ${p.path.join('.')}: ${p.message}`,
    ),
    source,
  );
}

/** `file:line:col` of the key that ends a path (`where` gives its value's), for a name that is itself wrong. */
function keyLocator(
  text: string,
  source: string,
): (path: readonly (string | number)[]) => string | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  return (path) => {
    let node = doc.contents as Node | null;
    for (const [i, key] of path.entries()) {
      if (!isMap(node)) return undefined;
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (!pair) return undefined;
      if (i === path.length - 1) {
        const range = isScalar(pair.key) ? pair.key.range : undefined;
        if (!range) return undefined;
        const { line, col } = lines.linePos(range[0]);
        return `${source}:${line}:${col}`;
      }
      node = pair.value as Node | null;
    }
    return undefined;
  };
}
