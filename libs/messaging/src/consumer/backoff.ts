/** How long to wait before retrying: exponential from `initialMs`, capped at `maxMs`, with jitter. */
export interface BackoffPolicy {
  readonly initialMs: number;
  readonly maxMs: number;
}

/**
 * The wait before retry number `attempt` (1 for the first retry): a random point in the upper half of the
 * exponential step ("equal jitter"), so instances that failed together do not retry together, yet each
 * still waits at least half its step.
 */
export function backoffMs(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const step = Math.min(policy.maxMs, policy.initialMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}
