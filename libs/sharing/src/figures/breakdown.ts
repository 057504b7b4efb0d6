import { Entitlement } from '../entitlement/entitlement';
import { Dimension, dimensions } from '../policy/policy.schema';
import { suppress } from '../suppression/suppress';
import { Mark } from '../suppression/suppression.types';
import { Figure, Omission, SharedBreakdown, SharedCell } from './figure.types';

type Disaggregation = NonNullable<Figure['disaggregation']>[number];

type Cells = readonly Disaggregation[];
type BreakdownOmission = Pick<Omission, 'reason' | 'message' | 'dimensions' | 'cell'>;

/**
 * The breakdowns a viewer may see of one figure, or of an aggregate of figures (each member's cells): at
 * most one cross-tabulation, of the first two allowed dimensions every member can give, and each other
 * allowed dimension by itself, all suppressed to the minimum cell size. Every dimension the data carries
 * that is left out says why.
 */
export function shareBreakdowns(
  members: readonly (Cells | undefined)[],
  allowed: Entitlement['disaggregations'],
): { breakdowns: SharedBreakdown[]; omissions: BreakdownOmission[] } {
  const omissions: BreakdownOmission[] = [];
  const present = dimensions.filter((d) => members.some((cells) => cells?.some((c) => c[d] !== undefined)));
  const allowedDims = present.filter((d) => allowed[d] !== undefined);
  for (const d of present.filter((d) => allowed[d] === undefined))
    omissions.push({
      reason: 'breakdown-not-allowed',
      dimensions: [d],
      message: `breakdowns by ${d} are not shared with this viewer`,
    });
  const derivable = (dims: readonly Dimension[]) => members.every((cells) => sourceShape(cells, dims));
  const pairs = allowedDims.flatMap((a, i) => allowedDims.slice(i + 1).map((b) => [a, b] as Dimension[]));
  const crossTabs = pairs.filter(derivable);
  const shown = crossTabs.slice(0, 1);
  const covered = new Set(shown.flat());
  for (const pair of crossTabs.slice(1))
    omissions.push({
      reason: 'cross-tabulation-not-published',
      dimensions: pair,
      message: `only one cross-tabulation is shown (${shown[0].join(' × ')}); ${pair.join(' and ')} are shown by themselves`,
    });
  const tables: Dimension[][] = [...shown];
  for (const d of allowedDims.filter((d) => !covered.has(d))) {
    if (derivable([d])) tables.push([d]);
    else
      omissions.push({
        reason: 'breakdown-incomplete',
        dimensions: [d],
        message: `not every figure added up here is broken down by ${d}, so the sum of the cells would mislead`,
      });
  }
  const breakdowns: SharedBreakdown[] = [];
  for (const dims of tables) {
    const minCell = Math.max(...dims.map((d) => allowed[d]!.minCell));
    const counts = new Map<string, number>();
    for (const cells of members)
      for (const [key, value] of project(cells!, dims)) counts.set(key, (counts.get(key) ?? 0) + value);
    const shared = suppressed(dims, counts, minCell);
    if (!shared) {
      omissions.push({
        reason: 'breakdown-withheld',
        dimensions: dims,
        message: `the breakdown by ${dims.join(' × ')} is withheld: its only category is the whole figure, below ${minCell}`,
      });
      continue;
    }
    breakdowns.push(shared);
    for (const cell of shared.cells)
      if (cell.suppressed)
        omissions.push({
          reason: cell.suppressed,
          dimensions: dims,
          cell: cell.key,
          message:
            cell.suppressed === 'small-cell'
              ? `below the minimum cell size of ${minCell}`
              : `hidden so that a cell below ${minCell} cannot be worked out from the totals`,
        });
  }
  return { breakdowns, omissions };
}

const shapeOf = (cell: Disaggregation) => dimensions.filter((d) => cell[d] !== undefined);

/** The smallest set of dimensions some cells are broken down by that includes `dims`. */
function sourceShape(cells: Cells | undefined, dims: readonly Dimension[]): string | undefined {
  const shapes = [...new Set((cells ?? []).map((c) => shapeOf(c).join(',')))]
    .map((s) => s.split(',') as Dimension[])
    .filter((shape) => dims.every((d) => shape.includes(d)))
    .sort((a, b) => a.length - b.length);
  return shapes[0]?.join(',');
}

/** The cells of one source shape summed onto `dims`, keyed by their categories joined with `|`. */
function project(cells: Cells, dims: readonly Dimension[]): Map<string, number> {
  const shape = sourceShape(cells, dims)!;
  const counts = new Map<string, number>();
  for (const cell of cells.filter((c) => shapeOf(c).join(',') === shape)) {
    const key = dims.map((d) => cell[d]).join('|');
    counts.set(key, (counts.get(key) ?? 0) + cell.value);
  }
  return counts;
}

function suppressed(
  dims: readonly Dimension[],
  counts: ReadonlyMap<string, number>,
  minCell: number,
): SharedBreakdown | undefined {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const cell = (key: SharedCell['key'], value: number, mark: Mark): SharedCell =>
    mark === null ? { key, value } : { key, value: null, suppressed: mark };
  if (dims.length === 1) {
    const keys = [...counts.keys()].sort();
    const result = suppress({ kind: '1d', cells: keys.map((k) => counts.get(k)!) }, minCell);
    if (result.status === 'withheld' || result.kind !== '1d') return undefined;
    const cells = keys.map((k, i) => cell({ [dims[0]]: k }, counts.get(k)!, result.cells[i]));
    return { dimensions: dims, minCell, total, cells };
  }
  const [rows, columns] = [0, 1].map((n) =>
    [...new Set([...counts.keys()].map((k) => k.split('|')[n]))].sort(),
  );
  const x = rows.map((r) => columns.map((c) => counts.get(`${r}|${c}`) ?? 0));
  const result = suppress({ kind: '2d', cells: x }, minCell);
  if (result.status === 'withheld' || result.kind !== '2d') return undefined;
  const [d1, d2] = dims;
  const cells = [
    ...rows.flatMap((r, i) => columns.map((c, j) => cell({ [d1]: r, [d2]: c }, x[i][j], result.cells[i][j]))),
    ...rows.map((r, i) =>
      cell(
        { [d1]: r },
        x[i].reduce((a, b) => a + b, 0),
        result.rows[i],
      ),
    ),
    ...columns.map((c, j) =>
      cell(
        { [d2]: c },
        x.reduce((a, row) => a + row[j], 0),
        result.columns[j],
      ),
    ),
  ];
  return { dimensions: dims, minCell, total, cells };
}
