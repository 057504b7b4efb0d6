import { DateTime, Duration } from 'luxon';
import { z } from 'zod';

/**
 * An ISO 8601 duration longer than zero (`PT30S`, `PT72H`, `P5D`, `P1M`), as the trigger catalogue writes
 * `expectedEvery`: one notation for every interval an operator sets.
 */
export const isoDuration = z
  .string()
  .regex(/^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/, {
    message: 'must be an ISO 8601 duration such as PT30S, PT72H or P5D',
    abort: true,
  })
  .refine((iso) => Duration.fromISO(iso).toMillis() > 0, { message: 'must be longer than zero' });

/** A wait of zero or more (`PT0S`, `PT30S`): a route's `groupWait`, where zero sends at once. */
export const isoWait = z.union([z.literal('PT0S'), isoDuration], {
  error: 'must be PT0S or an ISO 8601 duration such as PT30S, PT72H or P5D',
});

/** An instant as the lib keeps it in state: ISO 8601 in UTC with milliseconds, so it sorts as text. */
export type Instant = string;

export const instant = z.iso.datetime({ offset: true });

/** Each duration's length in milliseconds, or null when it counts months or years (calendar lengths). */
const fixedLengths = new Map<string, number | null>();

function fixedLength(duration: string): number | null {
  let ms = fixedLengths.get(duration);
  if (ms === undefined) {
    const d = Duration.fromISO(duration);
    ms = d.years === 0 && d.quarters === 0 && d.months === 0 ? d.toMillis() : null;
    fixedLengths.set(duration, ms);
  }
  return ms;
}

/**
 * `at` plus an ISO 8601 duration, on the UTC calendar (P1M from 31 January is the end of February). Weeks,
 * days, hours, minutes and seconds have fixed lengths in UTC, so those durations are added as milliseconds:
 * routing adds them by the thousand on every tick.
 */
export function plus(at: Instant, duration: string): Instant {
  const ms = fixedLength(duration);
  if (ms !== null) return new Date(Date.parse(at) + ms).toISOString();
  return DateTime.fromISO(at, { zone: 'utc' }).plus(Duration.fromISO(duration)).toUTC().toISO()!;
}

export const millis = (at: Instant): number => Date.parse(at);

export const toInstant = (ms: number): Instant => new Date(ms).toISOString();

/** Whether `a` is at or before `b`, whatever offsets they were written with. */
export const notAfter = (a: Instant, b: Instant): boolean => millis(a) <= millis(b);

export function earliest(instants: readonly (Instant | null)[]): Instant | null {
  let best: Instant | null = null;
  for (const at of instants) if (at !== null && (best === null || millis(at) < millis(best))) best = at;
  return best;
}
