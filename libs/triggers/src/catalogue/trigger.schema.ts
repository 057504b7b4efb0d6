import { z } from 'zod';
import { alertLevelSchema, identifier, iso3, isoDate, severities, urgencies } from '@atalaya/contracts';

const hysteresisRule = {
  check: (l: { above: number; clearBelow?: number }) => l.clearBelow === undefined || l.clearBelow <= l.above,
  message: 'clearBelow must not exceed above, or the level would clear before it fires',
};

export const levelSchema = z
  .strictObject({
    name: alertLevelSchema,
    /** Fires when the value reaches this. */
    above: z.number().nonnegative(),
    /** Stays at this level until the value falls below this (hysteresis). Defaults to `above`. */
    clearBelow: z.number().nonnegative().optional(),
    severity: z.enum(severities),
    urgency: z.enum(urgencies).default('Expected'),
  })
  .refine(hysteresisRule.check, { message: hysteresisRule.message, path: ['clearBelow'] });

export const thresholdConditionSchema = z
  .strictObject({ type: z.literal('threshold') })
  .describe('the value itself is compared with the levels');

export const rateOfChangeConditionSchema = z
  .strictObject({
    type: z.literal('rate_of_change'),
    /** How many observations back the baseline is (e.g. 1: month on month; 12: year on year for monthly data). */
    window: z.number().int().min(1).max(60),
    mode: z.enum(['percent', 'absolute']).default('percent'),
  })
  .describe('the change against the value `window` observations back is compared with the levels');

export const sustainedConditionSchema = z
  .strictObject({
    type: z.literal('sustained'),
    /** At least `atLeast` of the last `of` observations must reach a level for it to fire. */
    atLeast: z.number().int().min(1),
    of: z.number().int().min(1).max(60),
  })
  .refine((c) => c.atLeast <= c.of, { message: 'atLeast cannot exceed of', path: ['atLeast'] })
  .describe('a level is reached when at least `atLeast` of the last `of` values reach it');

export const seasonalAnomalyConditionSchema = z
  .strictObject({
    type: z.literal('seasonal_anomaly'),
    /**
     * What the figure is compared with: the same point of earlier cycles (`season`, for series with a yearly
     * rhythm), or the observations just before it (`rolling`, for series too short or too irregular for one).
     */
    baseline: z.enum(['season', 'rolling']).default('season'),
    /** Observations in one season cycle: 12 for monthly data. */
    season: z.number().int().min(2).max(366).default(12),
    /** Earlier cycles the seasonal baseline is taken from (the same point of each). */
    years: z.number().int().min(2).max(10).default(3),
    /** Observations just before the figure that a rolling baseline is taken from. */
    window: z.number().int().min(3).max(120).default(12),
  })
  .describe(
    'the robust z-score (median and MAD) against the same point of earlier cycles, or a rolling baseline',
  );

export const rollingHighConditionSchema = z
  .strictObject({
    type: z.literal('rolling_high'),
    /** Observations summed: 3 for a quarter of monthly data. */
    window: z.number().int().min(1).max(24),
    /** Earlier rolling sums the high is taken over: 12 for one year of monthly data, 36 for three. */
    lookback: z.number().int().min(1).max(120),
  })
  .describe('the rolling sum as a multiple of its own highest earlier rolling sum (1.0 = equal to the high)');

export const ratioConditionSchema = z
  .strictObject({
    type: z.literal('ratio'),
    /** The indicator divided, e.g. `shelter_occupancy`; the trigger's scope must list it. */
    numerator: identifier,
    /** The indicator it is divided by, at the same place: its latest figure at or before the numerator's period. */
    denominator: identifier,
    /** Numerator observations the net inflow is averaged over, for the projected days to full. */
    inflowWindow: z.number().int().min(1).max(60).default(3),
  })
  .refine((c) => c.numerator !== c.denominator, {
    message: 'numerator and denominator must be different indicators',
    path: ['denominator'],
  })
  .describe('numerator ÷ denominator at the same place (1.0 = full), with projected days to full');

export const corridorMemberSchema = z.strictObject({
  place: identifier,
  indicator: identifier,
  /** The member counts when its value reaches this. */
  above: z.number().nonnegative(),
});

export const corridorCompositeConditionSchema = z
  .strictObject({
    type: z.literal('corridor_composite'),
    /** A corridor of corridors.yaml: its steps' `lagDays` line the members' periods up. */
    corridor: identifier,
    /** Members whose lag-aligned surges fall within this many days of each other count together. */
    windowDays: z.number().int().min(1).max(366).default(62),
    members: z.array(corridorMemberSchema).min(2),
  })
  .refine((c) => new Set(c.members.map((m) => m.place)).size === c.members.length, {
    message: 'a place may be a member once',
    path: ['members'],
  })
  .describe('how many member places of a corridor reached their level within a lag-aligned window');

export const noDataConditionSchema = z
  .strictObject({
    type: z.literal('no_data'),
    /**
     * How long a reporter may stay silent before one report counts as missed, as an ISO 8601 duration
     * (`P1M`, `P7D`, `PT30S`). Defaults to the reporter's agreed cadence in reporters.yaml.
     */
    expectedEvery: z
      .string()
      .regex(
        /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/,
        'must be an ISO 8601 duration such as P1M, P7D or PT30S',
      )
      .optional(),
  })
  .describe('reports missed by a silent reporter, on the engine clock');

export const conditionSchema = z.discriminatedUnion('type', [
  thresholdConditionSchema,
  rateOfChangeConditionSchema,
  sustainedConditionSchema,
  seasonalAnomalyConditionSchema,
  rollingHighConditionSchema,
  ratioConditionSchema,
  corridorCompositeConditionSchema,
  noDataConditionSchema,
]);

/** Where a version of a trigger stands in the states' negotiation of it. */
export const triggerStatuses = ['proposed', 'adopted'] as const;
export type TriggerStatus = (typeof triggerStatuses)[number];

/** Which states' endorsements adopt a proposed version (see `endorsement`). */
export const endorsementRules = ['all', 'territory'] as const;

/** The four pillars of the Los Angeles Declaration on Migration and Protection (2022). */
export const pillars = [
  'stability_and_assistance',
  'regular_pathways',
  'humane_migration_management',
  'coordinated_emergency_response',
] as const;

/**
 * "In accordance with national legislation": a state may set its own thresholds for its territory, level by
 * level, or opt out of the trigger there altogether.
 */
export const overrideSchema = z.union([
  z.strictObject({ state: iso3, optOut: z.literal(true), note: z.string().optional() }),
  z.strictObject({
    state: iso3,
    levels: z.record(
      identifier,
      z
        .strictObject({ above: z.number().nonnegative(), clearBelow: z.number().nonnegative().optional() })
        .refine(hysteresisRule.check, { message: hysteresisRule.message, path: ['clearBelow'] }),
    ),
    note: z.string().optional(),
  }),
]);

export const triggerSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be kebab-case, e.g. "darien-crossings-surge"'),
    version: z.number().int().positive(),
    title: z.string().min(1),
    description: z.string().optional(),
    pillar: z.enum(pillars).optional(),
    actionPackage: z.string().optional(),
    /** The states that endorsed this version of the trigger. */
    agreedBy: z.array(iso3).default([]),
    effective: z
      .strictObject({ from: isoDate, to: isoDate.optional() })
      .refine((e) => e.to === undefined || e.to >= e.from, {
        message: 'effective.to is before effective.from',
      })
      .optional(),
    scope: z.strictObject({
      indicators: z.array(identifier).min(1),
      reporters: z.array(iso3).min(1).optional(),
      places: z.array(identifier).min(1).optional(),
    }),
    condition: conditionSchema,
    levels: z.array(levelSchema).min(1),
    /** Consecutive observations a higher level must hold before it is raised (the `for` of alerting rules). */
    pending: z.number().int().min(1).default(1),
    /** Observations after a resolution during which the trigger does not fire again (repeat suppression). */
    cooldown: z.number().int().nonnegative().default(0),
    /** Observations of a series the trigger must have seen before it may fire on it. */
    minHistory: z.number().int().min(1).default(1),
    /** Evaluated and recorded, never dispatched: how a candidate trigger is tried on live data. */
    shadow: z.boolean().default(false),
    /**
     * `proposed`: a new version put to the states of `agreedBy`, run in shadow until adopted
     * (docs/governance.md); `adopted`: a version the states agreed, in force from `effective.from`.
     */
    status: z.enum(triggerStatuses).default('adopted'),
    /**
     * Whose endorsements adopt a proposed version: `all` of `agreedBy`, or only the states of `agreedBy`
     * whose territory the trigger covers (`territory`: its `scope.reporters`, or its corridor's states).
     */
    endorsement: z.enum(endorsementRules).default('all'),
    /**
     * New-peak re-warnings: an alert at its top level is restated (`updated`, evidence `reason: new-peak`)
     * each time its measure reaches this multiple of the highest measure it last warned at, e.g. 1.25.
     */
    rewarnAbove: z.number().gt(1).optional(),
    /** With `rewarnAbove`: re-warn on new peaks at every level, not only at the top one. */
    rewarnBelowTop: z.boolean().default(false),
    overrides: z.array(overrideSchema).default([]),
  })
  .refine((t) => t.levels.every((l, i) => i === 0 || l.above > t.levels[i - 1].above), {
    message: 'levels must be listed from the lowest to the highest, each firing above the one before',
    path: ['levels'],
  })
  .refine(
    (t) =>
      t.overrides.every(
        (o) => !('levels' in o) || Object.keys(o.levels).every((n) => t.levels.some((l) => l.name === n)),
      ),
    { message: 'an override names a level the trigger does not have', path: ['overrides'] },
  )
  .refine((t) => t.rewarnAbove === undefined || t.condition.type !== 'no_data', {
    message: 'a no-data trigger counts missed reports and has no peaks to re-warn on: remove rewarnAbove',
    path: ['rewarnAbove'],
  })
  .refine((t) => new Set(t.overrides.map((o) => o.state)).size === t.overrides.length, {
    message: 'a state may have one override per trigger',
    path: ['overrides'],
  })
  .superRefine((t, ctx) => {
    t.overrides.forEach((o, i) => {
      if (!('levels' in o)) return;
      const above = t.levels.map((l) => o.levels[l.name]?.above ?? l.above);
      const at = above.findIndex((a, j) => j > 0 && a <= above[j - 1]);
      if (at < 0) return;
      const [lower, higher] = [t.levels[at - 1].name, t.levels[at].name];
      ctx.addIssue({
        code: 'custom',
        path: ['overrides', i, 'levels'],
        message:
          `with ${o.state}'s own thresholds, ${higher} (above ${above[at]}) must still fire above ${lower} ` +
          `(above ${above[at - 1]}): set both levels for ${o.state} so that they keep their order`,
      });
    });
  })
  .superRefine((t, ctx) => {
    for (const indicator of memberIndicators(t.condition)) {
      if (!t.scope.indicators.includes(indicator)) {
        ctx.addIssue({
          code: 'custom',
          path: ['scope', 'indicators'],
          message: `the condition reads ${indicator}: list it in scope.indicators`,
        });
      }
    }
    if (t.condition.type !== 'corridor_composite') return;
    const { members } = t.condition;
    members
      .filter((m) => t.scope.places && !t.scope.places.includes(m.place))
      .forEach((m) =>
        ctx.addIssue({
          code: 'custom',
          path: ['scope', 'places'],
          message: `member place ${m.place} is outside scope.places: add it or leave scope.places out`,
        }),
      );
    t.levels
      .filter((l) => l.above > members.length)
      .forEach((l) =>
        ctx.addIssue({
          code: 'custom',
          path: ['levels'],
          message: `level ${l.name} needs ${l.above} members but the corridor condition has ${members.length}`,
        }),
      );
  });

function memberIndicators(condition: z.infer<typeof conditionSchema>): string[] {
  if (condition.type === 'ratio') return [condition.numerator, condition.denominator];
  if (condition.type === 'corridor_composite') return condition.members.map((m) => m.indicator);
  return [];
}

export const catalogueSchema = z.strictObject({
  triggers: z
    .array(triggerSchema)
    .min(1)
    .refine((ts) => new Set(ts.map((t) => t.id)).size === ts.length, {
      message: 'trigger ids must be unique',
    }),
});

export type Trigger = z.infer<typeof triggerSchema>;
export type TriggerInput = z.input<typeof triggerSchema>;
export type Level = z.infer<typeof levelSchema>;
export type Condition = z.infer<typeof conditionSchema>;
export type RatioCondition = z.infer<typeof ratioConditionSchema>;
export type CorridorCompositeCondition = z.infer<typeof corridorCompositeConditionSchema>;
export type NoDataCondition = z.infer<typeof noDataConditionSchema>;
export type Override = z.infer<typeof overrideSchema>;
export type Catalogue = z.infer<typeof catalogueSchema>;
