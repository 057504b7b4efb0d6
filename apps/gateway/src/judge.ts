import {
  decideBatch,
  depthFault,
  ledgerEntryOf,
  MAX_SIGNAL_BYTES,
  validateParsedSignal,
  type LedgerEntry,
  type LedgerView,
  type ReferenceLookup,
  type Signal,
  type SignalFault,
} from '@atalaya/contracts';

export type ItemJudgement =
  | { readonly status: 'accepted'; readonly signal: Signal }
  | { readonly status: 'duplicate'; readonly signal: Signal }
  | { readonly status: 'rejected'; readonly fault: SignalFault; readonly signalId?: string };

export interface JudgeContext {
  readonly reporter: string;
  readonly reference: ReferenceLookup;
  readonly today: string;
  readonly requestId: string;
}

export type Screened =
  ItemJudgement | { readonly status: 'valid'; readonly signal: Signal; readonly entry: LedgerEntry };

/**
 * The HTTP door's answer for each item of a request, with the same codes as the Kafka door. First
 * validation, item by item; then (`settleItems`) the ledger as it stands: duplicates, conflicts, revisions.
 * The ingest service judges again when accepted items arrive through Kafka; this answer is what the sender
 * can act on at once.
 */
export function screenItems(items: readonly unknown[], ctx: JudgeContext): Screened[] {
  return items.map((item, index) => {
    const deep = depthFault(item);
    if (deep) return { status: 'rejected', fault: deep };
    const size = Buffer.byteLength(JSON.stringify(item) ?? '');
    if (size > MAX_SIGNAL_BYTES) {
      return {
        status: 'rejected',
        fault: {
          code: 'TOO_LARGE',
          message: `item is ${size} bytes; the limit is ${MAX_SIGNAL_BYTES}`,
          path: '$',
        },
      };
    }
    const verdict = validateParsedSignal(item, ctx);
    if (!verdict.ok) return { status: 'rejected', fault: verdict.fault, signalId: verdict.signalId };
    const { signal } = verdict;
    return {
      status: 'valid',
      signal,
      entry: ledgerEntryOf(signal, `http:${ctx.requestId}:${index}`),
    };
  });
}

export const ledgerEntriesOf = (screened: readonly Screened[]): LedgerEntry[] =>
  screened.flatMap((s) => (s.status === 'valid' ? [s.entry] : []));

export function settleItems(screened: readonly Screened[], ledger: LedgerView): ItemJudgement[] {
  const decisions = decideBatch(ledgerEntriesOf(screened), ledger);
  let next = 0;
  return screened.map((s) => {
    if (s.status !== 'valid') return s;
    const d = decisions[next++];
    if (d.kind === 'rejected') return { status: 'rejected', fault: d.fault, signalId: s.signal.signalId };
    return { status: d.kind === 'duplicate' ? 'duplicate' : 'accepted', signal: s.signal };
  });
}
