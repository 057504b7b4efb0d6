import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';

/** A parsed YAML text that can still say where each part of its value was written. */
export interface LocatedYaml {
  /** The plain value; not to be trusted while `errors` is not empty. */
  readonly value: unknown;
  /** Syntax errors, each with its `file:line:col`. */
  readonly errors: readonly { readonly at: string; readonly message: string }[];
  /** `file:line:col` of the value at `path`, or of its deepest ancestor that exists (a missing key). */
  where(path: readonly PropertyKey[]): string;
}

/**
 * Parses YAML keeping source positions, so that a validation error found later on the plain value can
 * still point the person editing the file at the right line.
 */
export function parseLocatedYaml(text: string, file: string): LocatedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number): string => {
    const { line, col } = lines.linePos(offset);
    return `${file}:${line}:${col}`;
  };
  return {
    value: doc.errors.length > 0 ? undefined : doc.toJS(),
    errors: doc.errors.map((e) => ({ at: at(e.pos[0]), message: e.message.split('\n')[0] })),
    where: (path) => {
      const node = nodeAt(doc.contents, path);
      return node?.range ? at(node.range[0]) : file;
    },
  };
}

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
