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
 * A signal id that another reporter's transaction recorded after this one read the ledger: ids are global,
 * while the ledger lock is a reporter's. Nothing was recorded; read and decide again, in a new transaction.
 */
export class SignalIdTakenError extends Error {
  override readonly name = 'SignalIdTakenError';
}

/**
 * The intake ledger of one reporter: which of its signal ids were accepted with what content, and the
 * current revision of each of its series-periods. Both doors judge a reporter's signals against it.
 */
@Injectable()
export class SignalLedgerRepository {
  /**
   * What the ledger knows of these entries. With `lock`, it first takes the reporter's ledger lock until the
   * transaction ends, so no two transactions judge one reporter's series-periods at once, whatever their
   * number (one advisory lock, not one per id and series-period, which would fill PostgreSQL's lock table
   * with large batches). A signal id of another reporter recorded meanwhile fails `recordAccepted`.
   */
  read(
    em: EntityManager,
    reporter: Reporter,
    entries: readonly LedgerEntry[],
    options: { lock: boolean },
  ): Promise<LedgerView> {
    return this.readAll(em, new Map([[reporter, entries]]), options);
  }

  /**
   * `read` for the entries of several reporters at once, in one statement per table. With `lock`, every
   * reporter's lock is taken in one call, in one order, so two transactions sharing reporters wait for each
   * other instead of deadlocking.
   */
  async readAll(
    em: EntityManager,
    byReporter: ReadonlyMap<Reporter, readonly LedgerEntry[]>,
    { lock }: { lock: boolean },
  ): Promise<LedgerView> {
    byReporter.forEach((entries, reporter) => ownedBy(reporter, entries));
    const entries = [...byReporter.values()].flat();
    const ids = [...new Set(entries.map((e) => e.signalId))];
    const keys = [...new Set(entries.map((e) => e.naturalKey))];
    if (lock)
      await lockNames(
        em,
        [...byReporter.keys()].map((r) => `ledger:${r}`),
      );
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

  /**
   * Records accepted entries; the caller has decided them against `read(…, { lock: true })`. Throws
   * SignalIdTakenError if another reporter's transaction recorded one of their ids since.
   */
  recordAccepted(em: EntityManager, reporter: Reporter, accepted: readonly LedgerEntry[]): Promise<void> {
    return this.recordAllAccepted(em, new Map([[reporter, accepted]]));
  }

  /** `recordAccepted` for several reporters' entries at once, decided against `readAll`. */
  async recordAllAccepted(
    em: EntityManager,
    byReporter: ReadonlyMap<Reporter, readonly LedgerEntry[]>,
  ): Promise<void> {
    byReporter.forEach((entries, reporter) => ownedBy(reporter, entries));
    const accepted = [...byReporter.values()].flat();
    await insertLedgerRows(em, accepted);
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

async function insertLedgerRows(em: EntityManager, accepted: readonly LedgerEntry[]): Promise<void> {
  try {
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
  } catch (error) {
    const driver = (error as { driverError?: { code?: unknown; constraint?: unknown; detail?: unknown } })
      .driverError;
    if (driver?.code === '23505' && driver.constraint === 'signal_ledger_pkey') {
      throw new SignalIdTakenError(
        `another reporter recorded a signal id meanwhile: ${String(driver.detail)}`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
}

/** A natural key starts with its series key, which starts with the reporter (`seriesKeyOf`). */
function ownedBy(reporter: Reporter, entries: readonly LedgerEntry[]): void {
  const foreign = entries.find((e) => !e.naturalKey.startsWith(`${reporter}/`));
  if (foreign) {
    throw new Error(`ledger entry ${foreign.naturalKey} (${foreign.signalId}) is not ${reporter}'s`);
  }
}
