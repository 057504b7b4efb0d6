import { z } from 'zod';
import type { EntityManager } from 'typeorm';

/** A row the database returned that does not have the shape the code reads it as. */
export class RowDecodeError extends Error {
  override readonly name = 'RowDecodeError';
}

/**
 * Decodes the rows of a query on `table` with `schema`, one object per row whose keys are the selected
 * columns. A row that does not decode throws, naming the table, the column and what is wrong with it, since
 * a schema that drifted from the code must stop the work rather than be carried into it.
 */
export function decodeRows<S extends z.ZodType>(table: string, schema: S, rows: unknown): z.output<S>[] {
  if (!Array.isArray(rows)) {
    throw new RowDecodeError(`a query on ${table} returned ${typeof rows}, not rows`);
  }
  return rows.map((row) => {
    const decoded = schema.safeParse(row);
    if (decoded.success) return decoded.data;
    const problems = decoded.error.issues.map((issue) => {
      const [column, ...inside] = issue.path.map(String);
      const where = inside.length > 0 ? `${column} at ${inside.join('.')}` : (column ?? '(row)');
      return `column ${where}: ${issue.message}`;
    });
    throw new RowDecodeError(`a row of ${table} does not decode: ${problems.join('; ')}`);
  });
}

/** Runs a query that reads `table` and decodes the rows it returns with `schema`. */
export async function selectRows<S extends z.ZodType>(
  em: EntityManager,
  table: string,
  schema: S,
  sql: string,
  parameters: readonly unknown[] = [],
): Promise<z.output<S>[]> {
  return decodeRows(table, schema, await em.query<unknown>(sql, [...parameters]));
}

/** A location read from its nullable columns: the parts a row leaves null are left out. */
export function locationOf(r: {
  readonly country: string;
  readonly admin1: string | null;
  readonly place: string | null;
  readonly corridor?: string | null;
}): { country: string; admin1?: string; place?: string; corridor?: string } {
  return {
    country: r.country,
    ...(r.admin1 === null ? {} : { admin1: r.admin1 }),
    ...(r.place === null ? {} : { place: r.place }),
    ...(r.corridor === null || r.corridor === undefined ? {} : { corridor: r.corridor }),
  };
}

/**
 * A date as PostgreSQL writes one with `to_char(…, 'YYYY-MM-DD')`: a real date by construction, so only its
 * shape is checked (the contracts' `isoDate` also checks the calendar, twice a row, which a large read feels).
 */
export const storedDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
