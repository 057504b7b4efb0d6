import { Injectable } from '@nestjs/common';
import type { KnownRevision, KnownSignal, LedgerEntry, LedgerView, Reporter } from '@atalaya/contracts';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { lockNames } from './sql/advisory-lock';
import { bulkInsert } from './sql/bulk-insert';
import { selectRows } from './sql/row-decoding';

const ledgerRow = z.object({
  signal_id: z.string(),
  content_hash: z.string().regex(/^[0-9a-f]{64}$/),
  origin: z.string(),
});
const revisionRow = z.object({ natural_key: z.string(), revision: z.number().int(), signal_id: z.string() });

/**
 * The intake ledger of one reporter: which of its signal ids were accepted with what content, and the
 * current revision of each of its series-periods. Both doors judge a reporter's signals against it.
 */
@Injectable()
export class SignalLedgerRepository {
  /**
   * What the ledger knows of these entries. With `lock`, it first takes advisory locks on their signal ids
   * and series-periods until the transaction ends, so two ingest instances never judge the same
   * series-period at once.
   */
  async read(
    em: EntityManager,
    reporter: Reporter,
    entries: readonly LedgerEntry[],
    { lock }: { lock: boolean },
  ): Promise<LedgerView> {
    ownedBy(reporter, entries);
    const ids = [...new Set(entries.map((e) => e.signalId))];
    const keys = [...new Set(entries.map((e) => e.naturalKey))];
    if (lock) await lockNames(em, [...ids.map((i) => `signal:${i}`), ...keys.map((k) => `series:${k}`)]);
    const signals = new Map<string, KnownSignal>();
    const revisions = new Map<string, KnownRevision>();
    if (ids.length > 0) {
      const known = await selectRows(
        em,
        'signal_ledger',
        ledgerRow,
        `SELECT signal_id, content_hash, origin FROM signal_ledger WHERE signal_id = ANY($1::text[])`,
        [ids],
      );
      known.forEach((r) => signals.set(r.signal_id, { contentHash: r.content_hash, origin: r.origin }));
      const current = await selectRows(
        em,
        'series_revisions',
        revisionRow,
        `SELECT natural_key, revision, signal_id FROM series_revisions WHERE natural_key = ANY($1::text[])`,
        [keys],
      );
      current.forEach((r) => revisions.set(r.natural_key, { revision: r.revision, signalId: r.signal_id }));
    }
    return { signal: (id) => signals.get(id), revision: (key) => revisions.get(key) };
  }

  /** Records accepted entries; the caller has decided them against `read(…, { lock: true })`. */
  async recordAccepted(
    em: EntityManager,
    reporter: Reporter,
    accepted: readonly LedgerEntry[],
  ): Promise<void> {
    ownedBy(reporter, accepted);
    await bulkInsert(
      em,
      {
        table: 'signal_ledger',
        columns: {
          signal_id: ['text', (e) => e.signalId],
          natural_key: ['text', (e) => e.naturalKey],
          revision: ['int', (e) => e.revision],
          content_hash: ['text', (e) => e.contentHash],
          origin: ['text', (e) => e.origin],
        },
        constants: { accepted_at: 'now()' },
      },
      accepted,
    );
    const latest = new Map<string, LedgerEntry>();
    accepted.forEach((e) => latest.set(e.naturalKey, e));
    await bulkInsert(
      em,
      {
        table: 'series_revisions',
        columns: {
          natural_key: ['text', (e) => e.naturalKey],
          revision: ['int', (e) => e.revision],
          signal_id: ['text', (e) => e.signalId],
        },
        onConflict: {
          target: ['natural_key'],
          update: ['revision', 'signal_id'],
          where: 'series_revisions.revision < EXCLUDED.revision',
        },
      },
      [...latest.values()],
    );
  }
}

/** A natural key starts with its series key, which starts with the reporter (`seriesKeyOf`). */
function ownedBy(reporter: Reporter, entries: readonly LedgerEntry[]): void {
  const foreign = entries.find((e) => !e.naturalKey.startsWith(`${reporter}/`));
  if (foreign) {
    throw new Error(`ledger entry ${foreign.naturalKey} (${foreign.signalId}) is not ${reporter}'s`);
  }
}
