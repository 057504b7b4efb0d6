import { isMap, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import type { z } from 'zod';

/** A parsed YAML text that can still say where each part of its value was written. */
export interface LocatedYaml {
  /** The plain value; not to be trusted while `errors` is not empty. */
  readonly value: unknown;
  /** Syntax errors, each with its `file:line:col`. */
  readonly errors: readonly { readonly at: string; readonly message: string }[];
  /** `file:line:col` of the value at `path`, or of its deepest ancestor that exists (a missing key). */
  readonly where: (path: readonly PropertyKey[]) => string;
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

/** A YAML text checked against a schema: its value and where each part was written, or every problem. */
export type CheckedYaml<T> =
  { readonly value: T; readonly where: LocatedYaml['where'] } | { readonly problems: readonly string[] };

/**
 * Parses YAML and checks it against a schema, each problem (syntax or schema) as
 * `file:line:column: path: message`, so that whoever edits the file is pointed at the right line.
 */
export function parseLocatedWith<T>(text: string, file: string, schema: z.ZodType<T>): CheckedYaml<T> {
  const yaml = parseLocatedYaml(text, file);
  if (yaml.errors.length > 0) return { problems: yaml.errors.map((e) => `${e.at}: ${e.message}`) };
  const result = schema.safeParse(yaml.value);
  if (result.success) return { value: result.data, where: yaml.where };
  return {
    problems: result.error.issues.map(
      (issue) => `${yaml.where(issue.path)}: ${issue.path.join('.') || '(root)'}: ${issue.message}`,
    ),
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
