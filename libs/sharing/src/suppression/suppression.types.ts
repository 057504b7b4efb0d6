/** Why a cell of a published table shows no value: below the minimum cell size, or hiding one that is. */
export type SuppressionMark = 'small-cell' | 'complementary';

/** A published cell's mark: null when its value is shown. */
export type Mark = SuppressionMark | null;

/** A breakdown of a total by one dimension: its cells, whose sum is the table's total. */
export interface Table1D {
  readonly kind: '1d';
  readonly cells: readonly number[];
}

/** A cross-tabulation: `cells[row][column]`, with row totals, column totals and a grand total. */
export interface Table2D {
  readonly kind: '2d';
  readonly cells: readonly (readonly number[])[];
}

export type Table = Table1D | Table2D;

/**
 * What may be published of a table: each cell's mark (and, for a cross-tabulation, each row and column
 * total's), the grand total always shown; or nothing of it, when no suppression pattern protects it (one
 * cell, equal to the total).
 */
export type Suppression =
  | { readonly status: 'published'; readonly kind: '1d'; readonly cells: readonly Mark[] }
  | {
      readonly status: 'published';
      readonly kind: '2d';
      readonly cells: readonly (readonly Mark[])[];
      readonly rows: readonly Mark[];
      readonly columns: readonly Mark[];
    }
  | { readonly status: 'withheld'; readonly message: string };
