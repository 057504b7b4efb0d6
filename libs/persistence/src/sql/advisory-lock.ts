import type { EntityManager } from 'typeorm';

/**
 * Takes a transaction-scoped advisory lock on each name, held until the transaction ends. Every lock of a
 * call is taken in one statement, in the order of the 64-bit keys the names hash to (`hashtextextended`),
 * so two transactions whose names overlap wait for each other instead of deadlocking; two names that
 * happen to share a key only serialise a little more. A transaction should take its locks in one call.
 */
export async function lockNames(em: EntityManager, names: Iterable<string>): Promise<void> {
  const unique = [...new Set(names)];
  if (unique.length === 0) return;
  await em.query(
    `SELECT pg_advisory_xact_lock(k.key)
     FROM (SELECT DISTINCT hashtextextended(n, 0) AS key FROM unnest($1::text[]) AS n ORDER BY key) AS k`,
    [unique],
  );
}
