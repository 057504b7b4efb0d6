import { createHash } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import { z } from 'zod';
import { FREE_TEXT_LIMIT } from './personal-data';
import { identifier, iso3, isoDate } from './primitives.schema';

export const admin1Code = z
  .string()
  .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'must be an ISO 3166-2 subdivision code, e.g. "PA-5"');

export const locationSchema = z
  .strictObject({
    country: iso3.describe('ISO 3166-1 alpha-3 code of the country where the movement was recorded'),
    admin1: admin1Code.optional().describe('ISO 3166-2 first-level subdivision'),
    place: identifier
      .optional()
      .describe('id of a border point, transit point or shelter of the place registry'),
    corridor: identifier.optional().describe('id of a migration corridor of the corridor registry'),
  })
  .describe('Where the movement was recorded');

export const periodSchema = z
  .strictObject({
    start: isoDate.describe('first day of the period (inclusive)'),
    end: isoDate.describe('last day of the period (inclusive)'),
  })
  .describe('The period the figure covers, in event time');

export const sexes = ['female', 'male', 'other', 'unknown'] as const;
export const ageBands = ['0-4', '5-11', '12-17', '18-59', '60+', 'unknown'] as const;
export const qualities = ['provisional', 'validated'] as const;

export const disaggregationSchema = z
  .strictObject({
    nationality: z
      .string()
      .regex(
        /^[A-Z]{3}$/,
        'must be an ISO 3166-1 alpha-3 code, or OOO (unknown), STL (stateless), XKX (Kosovo)',
      )
      .optional()
      .describe(
        'ISO 3166-1 alpha-3 code of the nationality counted, or OOO (unknown), STL (stateless), XKX (Kosovo)',
      ),
    sex: z.enum(sexes).optional().describe('the sex counted'),
    ageBand: z.enum(ageBands).optional().describe('the age band counted, in years'),
    value: z.number().int().nonnegative().describe('a count of people or events, never a person'),
  })
  .describe('One cell of a breakdown of the figure; counts only');

export const seriesBreakKinds = ['coverage', 'method'] as const;

export const seriesBreakSchema = z
  .strictObject({
    kind: z.enum(seriesBreakKinds).describe('what changed: what the series covers, or how it is counted'),
    // Longer text would be refused as free text (PERSONAL_DATA) before the schema is read.
    note: z
      .string()
      .min(1)
      .max(FREE_TEXT_LIMIT)
      .regex(
        /^[^\p{Cc}\p{Cf}]*$/u,
        'may not hold control or format characters (line breaks, escapes, direction marks)',
      )
      .optional()
      .describe('what changed, for the reader of the alerts'),
  })
  .describe(
    "The series' coverage or method changed at this figure's period: triggers with a baseline restart " +
      'their history here instead of reading the jump as a surge',
  );

/** One aggregate observation from one reporting state, as an agency sends it. */
export const signalSchema = z
  .strictObject({
    signalId: z
      .string()
      .min(8)
      .max(128)
      .regex(/^[A-Za-z0-9._:-]+$/, 'may hold only letters, digits and . _ : -')
      .describe('idempotency key chosen by the sender: the same id is the same signal'),
    reporter: iso3.describe(
      'ISO 3166-1 alpha-3 code of the reporting state; must match the topic or API key',
    ),
    indicator: identifier.describe('an indicator of the catalogue, e.g. "irregular_crossings"'),
    location: locationSchema,
    period: periodSchema,
    value: z.number().describe('the figure, in the unit of the indicator'),
    unit: identifier.optional().describe("the indicator's unit; when given it must match the catalogue"),
    disaggregation: z
      .array(disaggregationSchema)
      .max(1000)
      .optional()
      .describe('a breakdown of the figure by nationality, sex or age band, at most 1000 cells'),
    revision: z
      .number()
      .int()
      .min(1)
      .default(1)
      .describe(
        'a higher revision of the same reporter, indicator, location and period replaces a lower one',
      ),
    quality: z
      .enum(qualities)
      .default('provisional')
      .describe('provisional: may still be revised; validated: the agency has confirmed it'),
    reportedAt: z.iso.datetime({ offset: true }).optional().describe('when the sender produced the figure'),
    seriesBreak: seriesBreakSchema.optional(),
  })
  .describe('One aggregate observation of mixed movement from one reporting state');

export type Signal = z.infer<typeof signalSchema>;
export type SignalInput = z.input<typeof signalSchema>;
export type SignalLocation = z.infer<typeof locationSchema>;
export type Period = z.infer<typeof periodSchema>;
export type SeriesBreak = z.infer<typeof seriesBreakSchema>;

/** The series an observation belongs to: what the engine partitions and evaluates by. */
export function seriesKeyOf(s: Pick<Signal, 'reporter' | 'indicator' | 'location'>): string {
  const { country, admin1, place } = s.location;
  return [s.reporter, s.indicator, country, admin1 ?? '-', place ?? '-'].join('/');
}

/** What a revision replaces: the same series and the same period. */
export function naturalKeyOf(s: Pick<Signal, 'reporter' | 'indicator' | 'location' | 'period'>): string {
  return `${seriesKeyOf(s)}@${s.period.start}/${s.period.end}`;
}

/**
 * A digest of what a signal says, to tell a harmless re-send (same id, same content) from a conflict
 * (same id, other content). `reportedAt` is transmission metadata and does not count.
 */
export function contentHashOf(s: Signal): string {
  const { reportedAt: _reportedAt, ...content } = s;
  return createHash('sha256').update(stringify(content)).digest('hex');
}
