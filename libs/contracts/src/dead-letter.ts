/**
 * A dead letter is the message a consumer could not process, key, value and headers exactly as they were,
 * plus these headers saying where it came from and why it failed. Keeping the original bytes untouched is
 * what lets `atalaya deadletter replay` send it back to its topic once the cause is fixed.
 */
export const DEAD_LETTER_HEADERS = {
  topic: 'atalaya-dlq-topic',
  partition: 'atalaya-dlq-partition',
  offset: 'atalaya-dlq-offset',
  group: 'atalaya-dlq-group',
  error: 'atalaya-dlq-error',
  attempts: 'atalaya-dlq-attempts',
  failedAt: 'atalaya-dlq-failed-at',
} as const;

/** Where a dead letter came from and why, as read back from its headers. */
export interface DeadLetterOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly group: string;
  readonly error: string;
  readonly attempts: number;
  readonly failedAt: string;
}

type Headers = Readonly<Record<string, Buffer | string | (Buffer | string)[] | undefined>>;

const text = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  const one = Array.isArray(value) ? value[value.length - 1] : value;
  return one === undefined ? undefined : one.toString();
};

/** The origin a dead letter's headers carry, or the list of headers it lacks. */
export function deadLetterOrigin(headers: Headers): DeadLetterOrigin | { missing: string[] } {
  const read = Object.fromEntries(
    Object.entries(DEAD_LETTER_HEADERS).map(([field, name]) => [field, text(headers, name)]),
  ) as Record<keyof typeof DEAD_LETTER_HEADERS, string | undefined>;
  const missing = Object.entries(read)
    .filter(([, v]) => v === undefined)
    .map(([field]) => DEAD_LETTER_HEADERS[field as keyof typeof DEAD_LETTER_HEADERS]);
  if (missing.length > 0) return { missing };
  return {
    topic: read.topic!,
    partition: Number(read.partition),
    offset: read.offset!,
    group: read.group!,
    error: read.error!,
    attempts: Number(read.attempts),
    failedAt: read.failedAt!,
  };
}

/** The message's own headers, without the dead-letter ones: what a replay sends back. */
export function originalHeaders(headers: Headers): Record<string, Buffer | string | (Buffer | string)[]> {
  const ours = new Set<string>(Object.values(DEAD_LETTER_HEADERS));
  return Object.fromEntries(
    Object.entries(headers).filter(
      (e): e is [string, Buffer | string | (Buffer | string)[]] => !ours.has(e[0]) && e[1] !== undefined,
    ),
  );
}
