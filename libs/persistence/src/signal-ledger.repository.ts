import type { KnownRevision, KnownSignal, LedgerEntry, LedgerView } from '@atalaya/contracts';
import type { EntityManager } from 'typeorm';

/**
 * Reads what the ledger knows of these entries. With `lock`, it first takes transaction-scoped advisory locks
 * on their signal ids and series-periods (in a fixed order, so two batches cannot deadlock), so that two
 * ingest instances never judge the same series-period at once.
 */
export async function readLedger(
  em: EntityManager,
  entries: readonly LedgerEntry[],
  { lock }: { lock: boolean },
): Promise<LedgerView> {
  const ids = [...new Set(entries.map((e) => e.signalId))];
  const keys = [...new Set(entries.map((e) => e.naturalKey))];
  if (lock && entries.length > 0) {
    const names = [...ids.map((i) => `signal:${i}`), ...keys.map((k) => `series:${k}`)].sort();
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended(n, 0)) FROM unnest($1::text[]) AS n`, [
      names,
    ]);
  }
  const signals = new Map<string, KnownSignal>();
  const revisions = new Map<string, KnownRevision>();
  if (ids.length > 0) {
    const rows: { signal_id: string; content_hash: string; origin: string }[] = await em.query(
      `SELECT signal_id, content_hash, origin FROM signal_ledger WHERE signal_id = ANY($1::text[])`,
      [ids],
    );
    rows.forEach((r) => signals.set(r.signal_id, { contentHash: r.content_hash, origin: r.origin }));
    const revs: { natural_key: string; revision: number; signal_id: string }[] = await em.query(
      `SELECT natural_key, revision, signal_id FROM series_revisions WHERE natural_key = ANY($1::text[])`,
      [keys],
    );
    revs.forEach((r) => revisions.set(r.natural_key, { revision: r.revision, signalId: r.signal_id }));
  }
  return { signal: (id) => signals.get(id), revision: (key) => revisions.get(key) };
}

/** Records accepted entries; the caller has decided them against `readLedger(..., { lock: true })`. */
export async function recordAccepted(em: EntityManager, accepted: readonly LedgerEntry[]): Promise<void> {
  if (accepted.length === 0) return;
  const col = <T>(f: (e: LedgerEntry) => T) => accepted.map(f);
  await em.query(
    `INSERT INTO signal_ledger (signal_id, natural_key, revision, content_hash, origin, accepted_at)
     SELECT *, now() FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[])`,
    [
      col((e) => e.signalId),
      col((e) => e.naturalKey),
      col((e) => e.revision),
      col((e) => e.contentHash),
      col((e) => e.origin),
    ],
  );
  const latest = new Map<string, LedgerEntry>();
  accepted.forEach((e) => latest.set(e.naturalKey, e));
  const rows = [...latest.values()];
  await em.query(
    `INSERT INTO series_revisions (natural_key, revision, signal_id)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[])
     ON CONFLICT (natural_key) DO UPDATE SET revision = EXCLUDED.revision, signal_id = EXCLUDED.signal_id
     WHERE series_revisions.revision < EXCLUDED.revision`,
    [rows.map((e) => e.naturalKey), rows.map((e) => e.revision), rows.map((e) => e.signalId)],
  );
}
