import type { EntityManager } from 'typeorm';
import type { z } from 'zod';
import { decodeRows } from './row-decoding';

/** One inserted column: the PostgreSQL type of its elements (`text`, `int`, `jsonb`…) and each row's value. */
export type BulkColumn<R> = readonly [type: string, value: (row: R) => unknown];

export interface BulkInsert<R, S extends z.ZodObject> {
  readonly table: string;
  readonly columns: Readonly<Record<string, BulkColumn<R>>>;
  /** Columns every row takes from one SQL expression, such as `{ recorded_at: 'now()' }`. */
  readonly constants?: Readonly<Record<string, string>>;
  /**
   * A row that conflicts on `target` is skipped, or, with `update`, updates those columns from the row
   * proposed for insertion (`EXCLUDED`) where `where` holds.
   */
  readonly onConflict?: {
    readonly target: readonly string[];
    readonly update?: readonly string[];
    readonly where?: string;
  };
  /** The columns to return of each row inserted or updated, and how to decode them. */
  readonly returning?: S;
}

/**
 * Inserts any number of rows in one statement with one array parameter per column (`unnest`), so the
 * statement stays the same whatever the batch size and never meets PostgreSQL's parameter limit.
 */
export async function bulkInsert<R, S extends z.ZodObject = z.ZodObject>(
  em: EntityManager,
  spec: BulkInsert<R, S>,
  rows: readonly R[],
): Promise<z.output<S>[]> {
  if (rows.length === 0) return [];
  const columns = Object.entries(spec.columns);
  const constants = Object.entries(spec.constants ?? {});
  const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');
  const names = columns.map(([name]) => name);
  const sql = [
    `INSERT INTO ${spec.table} (${quoted([...names, ...constants.map(([name]) => name)])})`,
    `SELECT ${[...names.map((n) => `r."${n}"`), ...constants.map(([, expression]) => expression)].join(', ')}`,
    `FROM unnest(${columns.map(([, [type]], i) => `$${i + 1}::${type}[]`).join(', ')}) AS r(${quoted(names)})`,
    conflictClause(spec.onConflict),
    spec.returning ? `RETURNING ${quoted(Object.keys(spec.returning.shape))}` : '',
  ];
  const result = await em.query<unknown>(
    sql.filter((line) => line !== '').join('\n'),
    columns.map(([, [, value]]) => rows.map(value)),
  );
  return spec.returning ? decodeRows(spec.table, spec.returning, result) : [];
}

function conflictClause(c: BulkInsert<never, z.ZodObject>['onConflict']): string {
  if (!c) return '';
  const target = `ON CONFLICT (${c.target.map((n) => `"${n}"`).join(', ')})`;
  if (!c.update) return `${target} DO NOTHING`;
  const set = c.update.map((n) => `"${n}" = EXCLUDED."${n}"`).join(', ');
  return `${target} DO UPDATE SET ${set}${c.where ? ` WHERE ${c.where}` : ''}`;
}
