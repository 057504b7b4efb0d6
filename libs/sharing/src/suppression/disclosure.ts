/**
 * Which suppressed entries of a cross-tabulation its published entries still determine. The table is read
 * with its margins as one (r+1)×(c+1) array whose rows and columns each sum to zero (cells x, row and column
 * totals as −R and −C, the grand total T), so a change that keeps everything published is a circulation on
 * the suppressed entries: each entry an arc from its row to its column where it may grow, and back where it
 * may shrink (cells stay non-negative, so do totals). A suppressed entry can take another value exactly
 * when one of its arcs lies on a directed cycle; otherwise the published figures pin it down.
 */
export function determinedEntries(
  cells: readonly (readonly number[])[],
  suppressed: (row: number, column: number) => boolean,
): [number, number][] {
  const r = cells.length;
  const c = cells[0].length;
  const rowTotals = cells.map((row) => row.reduce((a, b) => a + b, 0));
  const columnTotals = cells[0].map((_, j) => cells.reduce((a, row) => a + row[j], 0));
  // Entry (i, j) with i = r for column totals and j = c for row totals; (r, c) is the published grand total.
  const value = (i: number, j: number): number =>
    i < r && j < c ? cells[i][j] : i === r ? -columnTotals[j] : -rowTotals[i];
  const entries: [number, number][] = [];
  for (let i = 0; i <= r; i++)
    for (let j = 0; j <= c; j++) if (!(i === r && j === c) && suppressed(i, j)) entries.push([i, j]);
  const isCell = (i: number, j: number) => i < r && j < c;
  const canGrow = (i: number, j: number) => isCell(i, j) || value(i, j) < 0;
  const canShrink = (i: number, j: number) => !isCell(i, j) || value(i, j) > 0;
  // Nodes: rows 0..r, then columns as r+1+j.
  const column = (j: number) => r + 1 + j;
  const reaches = (from: number, to: number, without: number): boolean => {
    const seen = new Set([from]);
    const queue = [from];
    while (queue.length > 0) {
      const node = queue.shift()!;
      if (node === to) return true;
      entries.forEach(([i, j], k) => {
        if (k === without) return;
        const next =
          node === i && canGrow(i, j) ? column(j) : node === column(j) && canShrink(i, j) ? i : undefined;
        if (next !== undefined && !seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      });
    }
    return false;
  };
  return entries.filter(([i, j], k) => {
    const up = canGrow(i, j) && reaches(column(j), i, k);
    const down = canShrink(i, j) && reaches(i, column(j), k);
    return !up && !down;
  });
}
