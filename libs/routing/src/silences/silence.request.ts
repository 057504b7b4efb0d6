import { z } from 'zod';
import { identifier } from '@atalaya/contracts';
import { matcherSchema } from '../matching/matcher.schema';
import { instant, Instant, isoDuration, millis, plus } from '../time';
import { Silence, silenceSchema } from './silence';

/**
 * What an operator or a recipient asks for to pause alerts: what they match, for whom, from when (now unless
 * said) until when, as an end or a duration, and why. The id and the author come from who asks.
 */
export const silenceRequestSchema = z
  .strictObject({
    matchers: matcherSchema.refine((m) => Object.keys(m).length > 0, {
      message: 'name at least one matcher (trigger, state, alert …): a silence of everything is refused',
    }),
    recipients: z.array(identifier).min(1).optional(),
    startsAt: instant.optional(),
    endsAt: instant.optional(),
    duration: isoDuration.optional(),
    comment: z.string().min(1, 'say why the alerts are silenced'),
  })
  .refine((r) => (r.endsAt === undefined) !== (r.duration === undefined), {
    message: 'give the end of the silence as endsAt or as a duration (e.g. PT4H), one of the two',
    path: ['endsAt'],
  });
export type SilenceRequest = z.input<typeof silenceRequestSchema>;

export type SilenceResult =
  | { readonly ok: true; readonly silence: Silence }
  | { readonly ok: false; readonly path: string; readonly message: string };

/** The silence a request asks for at `now`, or why it cannot be set: malformed, or already over. */
export function silenceOf(
  request: unknown,
  by: { readonly id: string; readonly createdBy: string; readonly now: Instant },
): SilenceResult {
  const parsed = silenceRequestSchema.safeParse(request);
  if (!parsed.success) return problemOf(parsed.error);
  const r = parsed.data;
  const startsAt = r.startsAt ?? by.now;
  const endsAt = r.endsAt ?? plus(startsAt, r.duration!);
  if (millis(endsAt) <= millis(by.now)) {
    return { ok: false, path: 'endsAt', message: `the silence would end at ${endsAt}, which has passed` };
  }
  const silence = silenceSchema.safeParse({
    id: by.id,
    matchers: r.matchers,
    ...(r.recipients ? { recipients: r.recipients } : {}),
    startsAt,
    endsAt,
    createdBy: by.createdBy,
    comment: r.comment,
  });
  return silence.success ? { ok: true, silence: silence.data } : problemOf(silence.error);
}

function problemOf(error: z.ZodError): SilenceResult {
  const issue = error.issues[0];
  return { ok: false, path: issue.path.join('.') || 'body', message: issue.message };
}
