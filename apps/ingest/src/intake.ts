import {
  seriesKeyOf,
  validateSignal,
  type Observation,
  type Rejection,
  type SourceRef,
  type TopicNames,
} from '@atalaya/contracts';

const PAYLOAD_ECHO_LIMIT = 2048;

export type IntakeOutcome =
  | { readonly kind: 'accepted'; readonly observation: Observation }
  | { readonly kind: 'rejected'; readonly rejection: Rejection };

/**
 * What becomes of one raw message from a signals topic: an observation for the engine, or a rejection the
 * reporting agency can read (stable code, message, JSON path, where it came from, what it sent).
 */
export function takeIn(
  topics: TopicNames,
  source: SourceRef,
  value: Buffer | null,
  receivedAt: Date,
): IntakeOutcome {
  const reporter = topics.reporterOf(source.topic) ?? 'unknown';
  const raw = value ?? Buffer.alloc(0);
  const verdict = validateSignal(raw, reporter);
  if (verdict.ok) {
    const { signal } = verdict;
    return {
      kind: 'accepted',
      observation: {
        ...signal,
        seriesKey: seriesKeyOf(signal),
        receivedAt: receivedAt.toISOString(),
        source,
      },
    };
  }
  return {
    kind: 'rejected',
    rejection: {
      reporter,
      ...verdict.fault,
      ...(verdict.signalId === undefined ? {} : { signalId: verdict.signalId }),
      source,
      payload: raw.subarray(0, PAYLOAD_ECHO_LIMIT).toString(),
      rejectedAt: receivedAt.toISOString(),
    },
  };
}
