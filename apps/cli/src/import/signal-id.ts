import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';

/** What identifies a row that carries no signal id of its own; the cells as read, not yet validated. */
export interface RowIdentity {
  readonly reporter: unknown;
  readonly indicator: unknown;
  readonly location: unknown;
  readonly period: unknown;
  readonly revision: unknown;
}

/**
 * A signal id for a row that has none: a digest of reporter, indicator, location, period and revision, so
 * re-importing the same file re-sends the same ids and ingest stores each figure once. The revision counts
 * because a corrected figure is a new signal (same period, higher revision); without it the correction
 * would collide with the original as a SIGNAL_CONFLICT. The value does not count: a changed value under
 * the same revision is a conflict the sender should see, not a silent second signal.
 *
 * The digest follows `import_` with no word boundary, so no run of its digits can look like a phone number
 * to the personal-data screen, and it never holds a character a signal id may not.
 */
export function derivedSignalId(row: RowIdentity): string {
  const identity = [row.reporter, row.indicator, row.location, row.period, row.revision ?? 1];
  return `import_${createHash('sha256').update(stringify(identity)).digest('hex').slice(0, 32)}`;
}
