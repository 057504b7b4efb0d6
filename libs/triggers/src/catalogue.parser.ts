import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
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
 * so a negotiator editing the file knows exactly where to look.
 */
export function parseCatalogue(text: string, source = 'catalogue'): Catalogue {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new CatalogueError(
      doc.errors.map((e) => {
        const at = lines.linePos(e.pos[0]);
        return `${source}:${at.line}:${at.col}: ${e.message.split('\n')[0]}`;
      }),
      source,
    );
  }
  const result = catalogueSchema.safeParse(doc.toJS());
  if (result.success) return result.data;
  throw new CatalogueError(
    result.error.issues.map((issue) => {
      const node = nodeAt(doc.contents, issue.path);
      const at = node?.range ? lines.linePos(node.range[0]) : undefined;
      const where = at ? `${source}:${at.line}:${at.col}` : source;
      return `${where}: ${issue.path.join('.') || '(root)'}: ${issue.message}`;
    }),
    source,
  );
}

/** The deepest YAML node along `path` that exists, so a missing key points at its parent. */
function nodeAt(root: unknown, path: readonly PropertyKey[]): Node | undefined {
  let node = root as Node | undefined;
  for (const key of path) {
    let next: unknown;
    if (isMap(node) || isSeq(node)) next = node.get(key, true);
    if (!next || typeof next !== 'object') break;
    node = next as Node;
  }
  return node;
}
