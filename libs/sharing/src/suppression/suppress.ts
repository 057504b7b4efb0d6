import { determinedEntries } from './disclosure';
import { Mark, Suppression, Table, Table1D, Table2D } from './suppression.types';

/**
 * Small-cell suppression with complementary suppression. Primary: every cell (and, in a cross-tabulation,
 * every row or column total) above zero and below `minCell`. Complementary: where a row, a column or the
 * breakdown of the grand total has a single suppressed entry, the smallest other one is suppressed too, and
 * the result is checked exactly (`determinedEntries`) and suppressed further until no suppressed entry can
 * be worked out from the published ones. The grand total is always published: it is the figure itself.
 */
export function suppress(table: Table, minCell: number): Suppression {
  if (table.kind === '1d') return suppress1D(table, minCell);
  const rows = table.cells.length;
  const columns = rows === 0 ? 0 : table.cells[0].length;
  if (rows === 0 || columns === 0)
    return { status: 'published', kind: '2d', cells: [], rows: [], columns: [] };
  if (rows === 1) return asCrossTab(suppress1D({ kind: '1d', cells: table.cells[0] }, minCell), 'row', table);
  if (columns === 1)
    return asCrossTab(
      suppress1D({ kind: '1d', cells: table.cells.map((r) => r[0]) }, minCell),
      'column',
      table,
    );
  return suppress2D(table, minCell);
}

const small = (value: number, minCell: number) => value > 0 && value < minCell;

function suppress1D(table: Table1D, minCell: number): Suppression {
  const marks: Mark[] = table.cells.map((v) => (small(v, minCell) ? 'small-cell' : null));
  if (marks.filter((m) => m !== null).length === 1) {
    const other = smallestUnmarked(table.cells, marks);
    if (other === undefined) return withheld('its only cell is the total itself');
    marks[other] = 'complementary';
  }
  return { status: 'published', kind: '1d', cells: marks };
}

function smallestUnmarked(values: readonly number[], marks: readonly Mark[]): number | undefined {
  let best: number | undefined;
  values.forEach((v, i) => {
    if (marks[i] === null && (best === undefined || v < values[best])) best = i;
  });
  return best;
}

/**
 * A cross-tabulation with a single row or column is a breakdown of the total by the other dimension: its
 * lone margin equals the grand total, and its other margins equal its cells, so they share their marks.
 */
function asCrossTab(one: Suppression, along: 'row' | 'column', table: Table2D): Suppression {
  if (one.status === 'withheld' || one.kind !== '1d') return one;
  const cells = along === 'row' ? [[...one.cells]] : one.cells.map((m) => [m]);
  const lone: Mark[] = [null];
  return {
    status: 'published',
    kind: '2d',
    cells,
    rows: along === 'row' ? lone : [...one.cells],
    columns: along === 'row' ? [...one.cells] : table.cells[0].map(() => null),
  };
}

function suppress2D(table: Table2D, minCell: number): Suppression {
  const x = table.cells;
  const r = x.length;
  const c = x[0].length;
  const rowTotals = x.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = x[0].map((_, j) => x.reduce((a, row) => a + row[j], 0));
  // The extended table: cells, row totals in column c, column totals in row r, the grand total at (r, c).
  const value = (i: number, j: number) =>
    i < r && j < c ? x[i][j] : i === r ? (j === c ? Infinity : columnTotals[j]) : rowTotals[i];
  const marks: Mark[][] = Array.from({ length: r + 1 }, (_, i) =>
    Array.from({ length: c + 1 }, (_, j) =>
      i === r && j === c ? null : small(value(i, j), minCell) ? 'small-cell' : null,
    ),
  );
  const lines = [
    ...Array.from({ length: r + 1 }, (_, i) => Array.from({ length: c + 1 }, (_, j) => [i, j] as const)),
    ...Array.from({ length: c + 1 }, (_, j) => Array.from({ length: r + 1 }, (_, i) => [i, j] as const)),
  ];
  const suppressSmallest = (candidates: readonly (readonly [number, number])[]): boolean => {
    const open = candidates.filter(([i, j]) => marks[i][j] === null && !(i === r && j === c));
    // Cells before totals: hiding a total costs the reader a whole row or column.
    const pick = [...open].sort(
      ([i, j], [k, l]) =>
        Number(i === r || j === c) - Number(k === r || l === c) || value(i, j) - value(k, l),
    )[0];
    if (!pick) return false;
    marks[pick[0]][pick[1]] = 'complementary';
    return true;
  };
  for (;;) {
    let changed = false;
    for (const line of lines)
      if (line.filter(([i, j]) => marks[i][j] !== null).length === 1)
        changed = suppressSmallest(line) || changed;
    if (changed) continue;
    const determined = determinedEntries(x, (i, j) => marks[i][j] !== null);
    if (determined.length === 0) break;
    const [i, j] = determined[0];
    const neighbours = lines.filter((line) => line.some(([k, l]) => k === i && l === j)).flat();
    if (!suppressSmallest(neighbours) && !suppressSmallest(lines.flat()))
      return withheld('no pattern of suppressed cells hides its small cells');
  }
  return {
    status: 'published',
    kind: '2d',
    cells: marks.slice(0, r).map((row) => row.slice(0, c)),
    rows: marks.slice(0, r).map((row) => row[c]),
    columns: marks[r].slice(0, c),
  };
}

const withheld = (why: string): Suppression => ({
  status: 'withheld',
  message: `the breakdown is withheld: ${why}`,
});
