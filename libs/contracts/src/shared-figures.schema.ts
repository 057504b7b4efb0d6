import { z } from 'zod';
import { identifier, iso3, isoDate } from './primitives.schema';
import { admin1Code, locationSchema, periodSchema } from './signal.schema';

/** Why figures are asked for: a sharing rule grants some of these, and every request for figures names one. */
export const purposes = ['early_warning', 'response_planning', 'public_reporting'] as const;
export type Purpose = (typeof purposes)[number];

/** How finely a viewer may see a reporter's figures, from the finest to nothing at all. */
export const granularities = ['place', 'admin1', 'national', 'none'] as const;
export type Granularity = (typeof granularities)[number];
export type SharedGranularity = Exclude<Granularity, 'none'>;

/** The breakdowns a signal's disaggregation cells carry. */
export const dimensions = ['nationality', 'sex', 'ageBand'] as const;
export type Dimension = (typeof dimensions)[number];

/** Which policy decided what was shown: a version and rule of a state's policy, or the state's own data. */
export const policyAppliedSchema = z.discriminatedUnion('basis', [
  z.strictObject({
    basis: z.literal('policy'),
    reporter: iso3,
    version: z.number().int().positive(),
    rule: z.number().int().nonnegative().describe("the rule's index in the policy, from 0"),
  }),
  z.strictObject({ basis: z.literal('own-data'), reporter: iso3 }),
]);

const cellKeySchema = z
  .strictObject({
    nationality: z.string().optional(),
    sex: z.string().optional(),
    ageBand: z.string().optional(),
  })
  .describe('the categories of the cell; two for a cell of a cross-tabulation, one for a margin');

export const sharedCellSchema = z.strictObject({
  key: cellKeySchema,
  value: z.number().nullable().describe('null when suppressed'),
  suppressed: z
    .enum(['small-cell', 'complementary'])
    .optional()
    .describe('below the minimum cell size, or hidden so that a small cell cannot be worked out'),
});

export const sharedBreakdownSchema = z.strictObject({
  dimensions: z.array(z.enum(dimensions)).min(1).max(2),
  minCell: z.number().int().positive(),
  total: z.number().describe('the sum of its cells, which may fall short of the figure'),
  cells: z.array(sharedCellSchema),
});

/** A figure as a viewer may see it: no finer than its granularity, its breakdowns suppressed. */
export const sharedFigureSchema = z.strictObject({
  reporter: iso3,
  indicator: identifier,
  granularity: z.enum(granularities).exclude(['none']),
  location: locationSchema.describe('where, no finer than the granularity'),
  period: periodSchema,
  value: z.number(),
  aggregatedFrom: z.number().int().positive().describe('how many reported figures it adds up'),
  breakdowns: z.array(sharedBreakdownSchema),
  retention: z.string().optional().describe('how long the viewer may keep it (ISO 8601 duration)'),
  policy: policyAppliedSchema,
});

/** A figure, a breakdown or a cell left out, and why, in words the viewer can act on. */
export const omissionSchema = z.strictObject({
  reason: z
    .string()
    .describe('no-policy, no-rule, purpose-not-granted, not-shared, embargoed, small-cell, complementary…'),
  message: z.string(),
  reporter: iso3,
  indicator: identifier,
  location: locationSchema.optional(),
  period: periodSchema.optional(),
  dimensions: z.array(z.enum(dimensions)).optional(),
  cell: cellKeySchema.optional(),
  figures: z.number().int().nonnegative().optional().describe('how many reported figures it leaves out'),
  policy: policyAppliedSchema.optional(),
});

/**
 * A request for figures (`GET /v1/figures`): one indicator, for one purpose, of one state, place, admin-1
 * area or corridor or of all states, over a range of periods (those that start in it), as reported or by
 * month, every period or only the latest of each series.
 */
/** The most stored figures one page of `/v1/figures` may read. */
export const FIGURES_PAGE_MAX = 20_000;

export const figuresQuerySchema = z.strictObject({
  indicator: identifier,
  purpose: z.enum(purposes),
  reporter: iso3.optional().describe("the reporting state; every state's when left out"),
  place: identifier.optional(),
  admin1: admin1Code.optional(),
  corridor: identifier
    .optional()
    .describe("a corridor's places (corridors.yaml), shown only to viewers that may see places"),
  resolution: z
    .enum(['reported', 'month'])
    .default('reported')
    .describe("month: a flow's figures added up by calendar month, a stock's last of each month"),
  latest: z
    .stringbool()
    .default(false)
    .describe('only the latest period of each series (served whole, in one page)'),
  from: isoDate.optional().describe('the first period start included (with resolution=month, its month)'),
  to: isoDate.optional().describe('the last period start included (with resolution=month, its month)'),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(FIGURES_PAGE_MAX)
    .default(10_000)
    .describe('the most stored figures a page reads; a page ends where a period starts'),
  cursor: z.string().min(1).optional().describe('`next` of the previous page'),
});

export const sharedFiguresSchema = z.strictObject({
  purpose: z.enum(purposes),
  at: z.iso.datetime().describe('the instant the policies and embargoes were applied at'),
  figures: z.array(sharedFigureSchema),
  omissions: z.array(omissionSchema),
  next: z
    .string()
    .nullable()
    .describe('the cursor of the next page (the periods after these), null on the last'),
});

export type PolicyApplied = z.infer<typeof policyAppliedSchema>;
export type FiguresQuery = z.infer<typeof figuresQuerySchema>;
export type SharedFiguresResponse = z.infer<typeof sharedFiguresSchema>;

/** A contract's type made read-only all the way down: what pure code that builds it returns. */
export type DeepReadonly<T> = T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;
