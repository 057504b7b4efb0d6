import { z } from 'zod';
import { identifier, iso3, isoDate } from './primitives.schema';
import { locationSchema, seriesBreakSchema } from './signal.schema';

/** A series is its reporter, indicator, country, admin-1 and place: a corridor names no series of its own. */
export const seriesLocationSchema = locationSchema.omit({ corridor: true });

/**
 * The period a break is declared at: the first day the change affects, and, when given, the last day of the
 * figure's period. The break marks the figure of its series whose period holds `start`.
 */
export const breakPeriodSchema = z.strictObject({
  start: isoDate.describe('the first day the new coverage or method applies'),
  end: isoDate.optional().describe("the last day of that figure's period"),
});

/**
 * What a reporter sends to declare that one of its series changed coverage or method
 * (`POST /v1/series/breaks`): the series, the period (`period`, or its first day as `start`), the kind of
 * change and a note for the readers of the alerts.
 */
export const seriesBreakDeclarationSchema = z
  .strictObject({
    reporter: iso3.describe('the reporting state whose series it is: the API key must speak for it'),
    indicator: identifier.describe('an indicator of the catalogue'),
    location: seriesLocationSchema,
    period: z
      .strictObject({ start: isoDate, end: isoDate })
      .optional()
      .describe('the period of the first figure the change affects'),
    start: isoDate.optional().describe('or only the first day the change affects'),
    kind: seriesBreakSchema.shape.kind,
    note: seriesBreakSchema.shape.note,
  })
  .refine((d) => (d.period === undefined) !== (d.start === undefined), {
    message: 'give the period as period {start, end} or as start, one of the two',
    path: ['period'],
  })
  .describe("A break in a series' coverage or method, declared by the reporter of the series");

export type SeriesBreakDeclarationInput = z.input<typeof seriesBreakDeclarationSchema>;

/** A declaration as validated: one period shape whichever the sender used. */
export interface SeriesBreakDeclaration {
  readonly reporter: string;
  readonly indicator: string;
  readonly location: z.output<typeof seriesLocationSchema>;
  readonly period: z.output<typeof breakPeriodSchema>;
  readonly kind: z.output<typeof seriesBreakSchema>['kind'];
  readonly note?: string;
}

/** A declared break as stored and listed: what was declared, for which series, by which key, when. */
export const declaredSeriesBreakSchema = z.strictObject({
  id: z.string(),
  seriesKey: z.string(),
  reporter: iso3,
  indicator: identifier,
  location: seriesLocationSchema,
  period: breakPeriodSchema,
  kind: seriesBreakSchema.shape.kind,
  note: seriesBreakSchema.shape.note,
  declaredBy: z.string().describe('who declared it: `api:<key id>` or `cli:<name>`'),
  declaredAt: z.iso.datetime(),
});

export type DeclaredSeriesBreak = z.infer<typeof declaredSeriesBreakSchema>;
