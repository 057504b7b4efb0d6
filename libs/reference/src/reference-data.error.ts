/** The four files of reference data, by the top-level key each one holds. */
export const referenceFiles = ['reporters', 'indicators', 'places', 'corridors'] as const;

export type ReferenceFile = (typeof referenceFiles)[number];

export interface ReferenceProblem {
  readonly file: ReferenceFile;
  /** Path of the value at fault in the file's parsed value; empty for the whole file. */
  readonly path: readonly PropertyKey[];
  readonly message: string;
  /** `file:line:col`, known only to whoever still has the text (the loader). */
  readonly at?: string;
}

/** Reference data that cannot be used, with every problem found, not just the first. */
export class ReferenceDataError extends Error {
  constructor(readonly problems: readonly ReferenceProblem[]) {
    super(
      `reference data is not valid; fix each problem below:\n${problems.map((p) => `  - ${describeProblem(p)}`).join('\n')}`,
    );
    this.name = 'ReferenceDataError';
  }
}

/** `file:line:col: path: message`, or `file.yaml: path: message` when the position is not known. */
export function describeProblem(p: ReferenceProblem): string {
  const where = p.at ?? `${p.file}.yaml`;
  return p.path.length > 0 ? `${where}: ${p.path.join('.')}: ${p.message}` : `${where}: ${p.message}`;
}
