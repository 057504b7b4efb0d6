import { Suppression, Table } from '../suppression/suppression.types';

/**
 * What a reader of a suppressed table knows, as linear equations over the suppressed entries (each ≥ 0):
 * every row, column and total sums as published. `names` says which entry each variable is.
 */
export function publishedConstraints(
  table: Table,
  result: Extract<Suppression, { status: 'published' }>,
): { a: number[][]; b: number[]; names: string[] } {
  if (table.kind === '1d' && result.kind === '1d') {
    const total = table.cells.reduce((s, v) => s + v, 0);
    const hidden = table.cells.map((_, i) => i).filter((i) => result.cells[i] !== null);
    const shown = table.cells.reduce((s, v, i) => s + (result.cells[i] === null ? v : 0), 0);
    return { a: [hidden.map(() => 1)], b: [total - shown], names: hidden.map((i) => `cell ${i}`) };
  }
  if (table.kind !== '2d' || result.kind !== '2d') throw new Error('table and result differ in kind');
  const x = table.cells;
  const r = x.length;
  const c = x[0].length;
  const rowTotal = (i: number) => x[i].reduce((s, v) => s + v, 0);
  const columnTotal = (j: number) => x.reduce((s, row) => s + row[j], 0);
  const total = x.flat().reduce((s, v) => s + v, 0);
  const names: string[] = [];
  const index = new Map<string, number>();
  const variable = (name: string) => {
    if (!index.has(name)) {
      index.set(name, names.length);
      names.push(name);
    }
    return index.get(name)!;
  };
  const equations: { terms: [string, number][]; rhs: number }[] = [];
  for (let i = 0; i < r; i++) {
    const terms: [string, number][] = [];
    let rhs = 0;
    for (let j = 0; j < c; j++) {
      if (result.cells[i][j] !== null) terms.push([`x${i},${j}`, 1]);
      else rhs -= x[i][j];
    }
    if (result.rows[i] !== null) terms.push([`R${i}`, -1]);
    else rhs += rowTotal(i);
    equations.push({ terms, rhs });
  }
  for (let j = 0; j < c; j++) {
    const terms: [string, number][] = [];
    let rhs = 0;
    for (let i = 0; i < r; i++) {
      if (result.cells[i][j] !== null) terms.push([`x${i},${j}`, 1]);
      else rhs -= x[i][j];
    }
    if (result.columns[j] !== null) terms.push([`C${j}`, -1]);
    else rhs += columnTotal(j);
    equations.push({ terms, rhs });
  }
  const margin = (marks: readonly (string | null)[], name: string, valueOf: (k: number) => number) => {
    const terms: [string, number][] = [];
    let rhs = total;
    marks.forEach((m, k) => (m !== null ? terms.push([`${name}${k}`, 1]) : (rhs -= valueOf(k))));
    equations.push({ terms, rhs });
  };
  margin(result.rows, 'R', rowTotal);
  margin(result.columns, 'C', columnTotal);
  for (const e of equations) e.terms.forEach(([n]) => variable(n));
  const a = equations.map((e) => {
    const row = names.map(() => 0);
    e.terms.forEach(([n, k]) => (row[index.get(n)!] += k));
    return row;
  });
  return { a, b: equations.map((e) => e.rhs), names };
}
