import { hash } from 'node:crypto';

/** A deterministic id: the same parts always give the same id, so a replay or a restart repeats it exactly. */
export function stableId(kind: string, ...parts: string[]): string {
  const hex = hash('sha256', parts.join('\u0000'), 'hex');
  // Joined into one flat string, which is all the id keeps: `${kind}-${hex.slice(0, 32)}` keeps the whole
  // digest behind a slice and a pair.
  return [kind, hex.slice(0, 32)].join('-');
}

/**
 * An alert event's id: its alert's id and what happened to it, e.g.
 * `alert-3f…/escalated/2023-07-01/emergency`. As deterministic as a hash of the same parts, readable, and
 * with no hashing on the evaluator's path, where events are built by the million in a backtest.
 */
export function eventIdOf(alertId: string, type: string, when: string, detail: string): string {
  // Joined into one flat string: a template literal chains six partial strings, all kept with the event.
  return [alertId, type, when, detail].join('/');
}
