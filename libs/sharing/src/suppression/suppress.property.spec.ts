import fc from 'fast-check';
import { publishedConstraints } from '../testing/published-constraints';
import { variableBounds } from '../testing/linear-bounds';
import { suppress } from './suppress';
import { Suppression, Table } from './suppression.types';

type Published = Extract<Suppression, { status: 'published' }>;

/** Counts with many small ones, some zeros, some large: what breakdowns of border figures look like. */
const count = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 400 }));
const minCell = fc.integer({ min: 1, max: 15 });
const table1d = fc
  .array(count, { minLength: 1, maxLength: 8 })
  .map((cells): Table => ({ kind: '1d', cells }));
const table2d = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
  .chain(([r, c]) =>
    fc.array(fc.array(count, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
  )
  .map((cells): Table => ({ kind: '2d', cells }));

/**
 * Every entry of the table and its marks, as [value, mark] pairs: cells, then row and column totals, but
 * not a lone row's or column's total, which is the grand total (always published).
 */
function entries(table: Table, result: Published): [number, string | null][] {
  if (table.kind === '1d' && result.kind === '1d') return table.cells.map((v, i) => [v, result.cells[i]]);
  if (table.kind !== '2d' || result.kind !== '2d') throw new Error('kinds differ');
  const x = table.cells;
  return [
    ...x.flatMap((row, i) => row.map((v, j): [number, string | null] => [v, result.cells[i][j]])),
    ...(x.length === 1
      ? []
      : x.map((row, i): [number, string | null] => [row.reduce((s, v) => s + v, 0), result.rows[i]])),
    ...(x[0].length === 1
      ? []
      : x[0].map((_, j): [number, string | null] => [
          x.reduce((s, row) => s + row[j], 0),
          result.columns[j],
        ])),
  ];
}

describe('suppress', () => {
  it('leaves no suppressed entry determined by what is published (its feasible interval is wider than 0)', () => {
    fc.assert(
      fc.property(fc.oneof(table1d, table2d), minCell, (table, min) => {
        const result = suppress(table, min);
        if (result.status === 'withheld') return;
        const { a, b, names } = publishedConstraints(table, result);
        names.forEach((name, k) => {
          const bounds = variableBounds(a, b, k);
          expect({ name, feasible: bounds !== undefined }).toEqual({ name, feasible: true });
          expect({ name, width: bounds!.max - bounds!.min >= 1 - 1e-6 }).toEqual({ name, width: true });
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('hides every cell and total above zero and below the minimum cell size, and shows the others as they are', () => {
    fc.assert(
      fc.property(fc.oneof(table1d, table2d), minCell, (table, min) => {
        const result = suppress(table, min);
        if (result.status === 'withheld') return;
        for (const [value, mark] of entries(table, result)) {
          if (value > 0 && value < min) expect(mark).toBe('small-cell');
          else expect(mark).not.toBe('small-cell');
        }
      }),
    );
  });

  it('publishes a table with no small cell whole', () => {
    const large = (min: number) => fc.oneof(fc.constant(0), fc.integer({ min, max: 500 }));
    const whole = minCell.chain((min) =>
      fc.tuple(
        fc.constant(min),
        fc.oneof(
          fc.array(large(min), { minLength: 1, maxLength: 8 }).map((cells): Table => ({ kind: '1d', cells })),
          fc
            .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }))
            .chain(([r, c]) =>
              fc.array(fc.array(large(min), { minLength: c, maxLength: c }), { minLength: r, maxLength: r }),
            )
            .map((cells): Table => ({ kind: '2d', cells })),
        ),
      ),
    );
    fc.assert(
      fc.property(whole, ([min, table]) => {
        // Totals of cells that are each 0 or at least min are 0 or at least min too.
        const result = suppress(table, min);
        expect(result.status).toBe('published');
        for (const [, mark] of entries(table, result as Published)) expect(mark).toBeNull();
      }),
    );
  });

  it('withholds a breakdown whose only small cell is the whole total', () => {
    expect(suppress({ kind: '1d', cells: [4] }, 10).status).toBe('withheld');
    expect(suppress({ kind: '2d', cells: [[3]] }, 10).status).toBe('withheld');
  });

  it('adds the smallest other cell beside a lone small one', () => {
    expect(suppress({ kind: '1d', cells: [120, 4, 35, 18] }, 10)).toEqual({
      status: 'published',
      kind: '1d',
      cells: [null, 'small-cell', null, 'complementary'],
    });
  });

  it('hides a rectangle of the smallest cells around a lone small cell of a cross-tabulation', () => {
    const result = suppress(
      {
        kind: '2d',
        cells: [
          [50, 3, 40],
          [60, 20, 30],
          [70, 25, 90],
        ],
      },
      10,
    );
    expect(result).toMatchObject({
      status: 'published',
      cells: [
        [null, 'small-cell', 'complementary'],
        [null, 'complementary', 'complementary'],
        [null, null, null],
      ],
    });
  });
});

describe('the linear-bounds oracle', () => {
  it('finds a lone suppressed cell pinned by the total, and a pair free', () => {
    const lone = publishedConstraints(
      { kind: '1d', cells: [5, 30] },
      { status: 'published', kind: '1d', cells: ['small-cell', null] },
    );
    expect(variableBounds(lone.a, lone.b, 0)).toEqual({ min: 5, max: 5 });
    const pair = publishedConstraints(
      { kind: '1d', cells: [5, 30, 12] },
      { status: 'published', kind: '1d', cells: ['small-cell', null, 'complementary'] },
    );
    expect(variableBounds(pair.a, pair.b, 0)).toEqual({ min: 0, max: 17 });
  });

  it('finds a cell of a cross-tabulation pinned through a bridge between two hidden rectangles', () => {
    // Rows 0–1 × columns 0–1 and rows 2–3 × columns 2–3 hidden, joined by the hidden cell (1, 2): every
    // line with a hidden entry has two, yet the bridge is determined.
    const cells = [
      [4, 4, 9, 9],
      [4, 4, 2, 9],
      [9, 9, 4, 4],
      [9, 9, 4, 4],
    ];
    const hidden = new Set(['0,0', '0,1', '1,0', '1,1', '1,2', '2,2', '2,3', '3,2', '3,3']);
    const marks = cells.map((row, i) => row.map((_, j) => (hidden.has(`${i},${j}`) ? 'small-cell' : null)));
    const { a, b, names } = publishedConstraints(
      { kind: '2d', cells },
      {
        status: 'published',
        kind: '2d',
        cells: marks,
        rows: [null, null, null, null],
        columns: [null, null, null, null],
      },
    );
    const bridge = names.indexOf('x1,2');
    expect(variableBounds(a, b, bridge)).toEqual({ min: 2, max: 2 });
  });
});
