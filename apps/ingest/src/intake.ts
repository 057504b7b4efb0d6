import {
  ledgerEntryOf,
  reporterSchema,
  rejectionOf,
  seriesKeyOf,
  validateSignal,
  type LedgerDecision,
  type LedgerEntry,
  type Observation,
  type ReferenceLookup,
  type Rejection,
  type Reporter,
  type Signal,
  type SourceRef,
  type TopicNames,
} from '@atalaya/contracts';

export type Screened =
  | {
      readonly kind: 'valid';
      readonly signal: Signal;
      /** The reporter whose topic the signal came in on, which the signal was validated to speak for. */
      readonly reporter: Reporter;
      readonly entry: LedgerEntry;
      readonly source: SourceRef;
    }
  | { readonly kind: 'rejected'; readonly rejection: Rejection };

export type IntakeOutcome =
  | { readonly kind: 'accepted'; readonly observation: Observation }
  | { readonly kind: 'duplicate'; readonly signal: Signal }
  | { readonly kind: 'rejected'; readonly rejection: Rejection };

export interface IntakeContext {
  readonly topics: TopicNames;
  readonly reference: ReferenceLookup;
  readonly now: Date;
  /** `today(now)`, worked out once for a whole batch. */
  readonly today: string;
}

/** The first, stateless look at one raw message of a signals topic: valid for the ledger, or rejected. */
export function screen(ctx: IntakeContext, source: SourceRef, value: Buffer | null): Screened {
  const reporter = ctx.topics.reporterOf(source.topic) ?? 'unknown';
  const raw = value ?? Buffer.alloc(0);
  const verdict = validateSignal(raw, { reporter, reference: ctx.reference, today: ctx.today });
  if (!verdict.ok) {
    return {
      kind: 'rejected',
      rejection: rejectionOf(
        reporter,
        verdict.fault,
        { door: 'kafka', ...source },
        raw,
        ctx.now,
        verdict.signalId,
      ),
    };
  }
  const { signal } = verdict;
  return {
    kind: 'valid',
    signal,
    reporter: reporterSchema.parse(signal.reporter),
    source,
    entry: ledgerEntryOf(signal, `${source.topic}:${source.partition}:${source.offset}`),
  };
}

/** What the ledger's decision makes of a valid signal. */
export function settle(
  ctx: IntakeContext,
  valid: Extract<Screened, { kind: 'valid' }>,
  decision: LedgerDecision,
): IntakeOutcome {
  const { signal, source } = valid;
  switch (decision.kind) {
    case 'accepted':
    case 'redelivered':
      return {
        kind: 'accepted',
        observation: {
          ...signal,
          seriesKey: seriesKeyOf(signal),
          receivedAt: ctx.now.toISOString(),
          source,
          ...(decision.kind === 'accepted' && decision.supersedes ? { supersedes: decision.supersedes } : {}),
        },
      };
    case 'duplicate':
      return { kind: 'duplicate', signal };
    case 'rejected':
      return {
        kind: 'rejected',
        rejection: rejectionOf(
          signal.reporter,
          decision.fault,
          { door: 'kafka', ...source },
          Buffer.from(JSON.stringify(signal)),
          ctx.now,
          signal.signalId,
        ),
      };
  }
}

export function today(now: Date): string {
  return now.toISOString().slice(0, 10);
}
