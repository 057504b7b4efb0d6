/**
 * When a failed delivery is tried again: exponential from `initialMs`, capped at `maxMs`, with jitter, or
 * later if the receiver asked (`Retry-After`); after `maxAttempts` it is dead-lettered until an operator
 * re-drives it.
 */
export interface DeliveryPolicy {
  readonly maxAttempts: number;
  readonly initialMs: number;
  readonly maxMs: number;
}

export type NextAttempt = { readonly retryAt: Date } | { readonly deadLettered: true };

export function nextAttempt(
  policy: DeliveryPolicy,
  attempts: number,
  now: Date,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): NextAttempt {
  if (attempts >= policy.maxAttempts) return { deadLettered: true };
  const step = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempts - 1));
  const backoff = Math.round(step / 2 + (random() * step) / 2);
  return { retryAt: new Date(now.getTime() + Math.max(backoff, retryAfterMs ?? 0)) };
}

/**
 * A `Retry-After` header in milliseconds from `now`: seconds, or an HTTP date; undefined when absent or
 * unreadable. Capped at a day: a receiver cannot park a delivery for longer.
 */
export function retryAfterMs(header: string | null | undefined, now: Date): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now.getTime();
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(Math.max(ms, 0), 24 * 60 * 60 * 1000);
}

/** Whether an HTTP answer is worth retrying: the receiver may take it later (timeouts, 5xx, 429, 408). */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 429 || status === 408;
}
