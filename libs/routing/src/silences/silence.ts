import { z } from 'zod';
import { identifier } from '@atalaya/contracts';
import { AlertContext } from '../context/alert.context';
import { LevelsOf, matches } from '../matching/matcher';
import { matcherSchema } from '../matching/matcher.schema';
import { instant, Instant, millis } from '../time';

/**
 * A planned pause: alerts matching `matchers` are not dispatched from `startsAt` until `endsAt` (excluded).
 * With `recipients`, only to those recipients (a centre closed for maintenance); otherwise to nobody.
 */
export const silenceSchema = z
  .strictObject({
    id: z.string().min(1),
    matchers: matcherSchema,
    recipients: z.array(identifier).min(1).optional(),
    startsAt: instant,
    endsAt: instant,
    createdBy: z.string().min(1),
    comment: z.string().min(1, 'say why the alerts are silenced'),
  })
  .refine((s) => millis(s.startsAt) < millis(s.endsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
  });
export type Silence = z.infer<typeof silenceSchema>;

/** Whether the silence is in force at `now`: from its start, up to but not including its end. */
export const inForce = (silence: Silence, now: Instant): boolean =>
  millis(silence.startsAt) <= millis(now) && millis(now) < millis(silence.endsAt);

/** The silences in force at `now` that hold back this alert (for this recipient, when one is named). */
export function silencing(
  silences: readonly Silence[],
  context: AlertContext,
  now: Instant,
  recipientId?: string,
  levelsOf: LevelsOf = () => undefined,
): Silence[] {
  return silences.filter(
    (s) =>
      inForce(s, now) &&
      (s.recipients === undefined || (recipientId !== undefined && s.recipients.includes(recipientId))) &&
      matches(s.matchers, context, levelsOf),
  );
}

/**
 * Whether an alert is silenced at `now`. Without a recipient, only silences for everybody count; with one,
 * also the silences set for that recipient. `levelsOf` is needed only by silences that name a `minLevel`.
 */
export function isSilenced(
  silences: readonly Silence[],
  context: AlertContext,
  now: Instant,
  recipientId?: string,
  levelsOf?: LevelsOf,
): boolean {
  return silencing(silences, context, now, recipientId, levelsOf).length > 0;
}

/**
 * The silences over at `now` whose end has not been announced yet, in the order they ended: the dispatcher
 * announces each and records that it did (a silence ended early counts as over), so a restart repeats none.
 */
export function endsToAnnounce<S extends Silence & { readonly announcedAt: Instant | null }>(
  silences: readonly S[],
  now: Instant,
): S[] {
  return silences
    .filter((s) => s.announcedAt === null && millis(s.endsAt) <= millis(now))
    .sort((a, b) => millis(a.endsAt) - millis(b.endsAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** When the next of these silences starts or ends after `now`: a moment the dispatcher should look again. */
export function nextSilenceChange(silences: readonly Silence[], now: Instant): Instant | null {
  const later = silences.flatMap((s) => [s.startsAt, s.endsAt]).filter((t) => millis(t) > millis(now));
  return later.length === 0 ? null : later.reduce((a, b) => (millis(a) <= millis(b) ? a : b));
}
