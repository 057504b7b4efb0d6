import { contentHashOf, naturalKeyOf, type Signal } from './signal.schema';
import { SignalFault } from './signal.validation';

/** What the ledger already knows of a signal id: what it said and where it was first read. */
export interface KnownSignal {
  readonly contentHash: string;
  /** Where the accepted copy was read (`topic:partition:offset`); a redelivery has the same origin. */
  readonly origin: string;
}

/** What the ledger knows of a series and period: its current revision and the signal that set it. */
export interface KnownRevision {
  readonly revision: number;
  readonly signalId: string;
}

export interface LedgerView {
  signal(signalId: string): KnownSignal | undefined;
  revision(naturalKey: string): KnownRevision | undefined;
}

export interface LedgerEntry {
  readonly signalId: string;
  readonly naturalKey: string;
  readonly revision: number;
  readonly contentHash: string;
  readonly origin: string;
}

/** What the ledger records of a valid signal that came in at `origin` (a Kafka position, an HTTP item). */
export function ledgerEntryOf(signal: Signal, origin: string): LedgerEntry {
  return {
    signalId: signal.signalId,
    naturalKey: naturalKeyOf(signal),
    revision: signal.revision,
    contentHash: contentHashOf(signal),
    origin,
  };
}

export type LedgerDecision =
  | { readonly kind: 'accepted'; readonly supersedes?: string }
  /** The very message already accepted, read again after a crash: its outputs are produced again. */
  | { readonly kind: 'redelivered' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'rejected'; readonly fault: SignalFault };

/**
 * Idempotency and corrections. Same id and content: a duplicate with no effect. Same id, other content: a
 * conflict. A new id for a series and period already reported: accepted if its revision is higher (it
 * supersedes), a conflict if equal, stale if lower.
 */
export function decideRevision(entry: LedgerEntry, ledger: LedgerView): LedgerDecision {
  const seen = ledger.signal(entry.signalId);
  if (seen) {
    if (seen.contentHash !== entry.contentHash) {
      return rejected(
        'SIGNAL_CONFLICT',
        `signalId "${entry.signalId}" was already used for different content; a correction needs a new signalId ` +
          'and a higher revision',
        '$.signalId',
      );
    }
    return seen.origin === entry.origin ? { kind: 'redelivered' } : { kind: 'duplicate' };
  }
  const current = ledger.revision(entry.naturalKey);
  if (!current) return { kind: 'accepted' };
  if (entry.revision > current.revision) return { kind: 'accepted', supersedes: current.signalId };
  if (entry.revision === current.revision) {
    return rejected(
      'SIGNAL_CONFLICT',
      `revision ${entry.revision} of this series and period was already sent as "${current.signalId}"; ` +
        `send revision ${current.revision + 1} to correct it`,
      '$.revision',
    );
  }
  return rejected(
    'STALE_REVISION',
    `revision ${entry.revision} is older than revision ${current.revision} already accepted as "${current.signalId}"`,
    '$.revision',
  );
}

/**
 * Decides a batch in order, each accepted entry visible to the ones after it, so two messages of one batch
 * are judged exactly as if they had come in two batches.
 */
export function decideBatch(entries: readonly LedgerEntry[], ledger: LedgerView): LedgerDecision[] {
  const signals = new Map<string, KnownSignal>();
  const revisions = new Map<string, KnownRevision>();
  const view: LedgerView = {
    signal: (id) => signals.get(id) ?? ledger.signal(id),
    revision: (key) => revisions.get(key) ?? ledger.revision(key),
  };
  return entries.map((e) => {
    const decision = decideRevision(e, view);
    if (decision.kind === 'accepted') {
      signals.set(e.signalId, { contentHash: e.contentHash, origin: e.origin });
      revisions.set(e.naturalKey, { revision: e.revision, signalId: e.signalId });
    }
    return decision;
  });
}

function rejected(code: SignalFault['code'], message: string, path: string): LedgerDecision {
  return { kind: 'rejected', fault: { code, message, path } };
}
