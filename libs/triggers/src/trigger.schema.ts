import { z } from 'zod';
import { identifier, iso3, severities } from '@atalaya/contracts';

export const levelSchema = z
  .strictObject({
    name: identifier,
    /** Fires when the value reaches this. */
    above: z.number().nonnegative(),
    /** Stays at this level until the value falls below this (hysteresis). Defaults to `above`. */
    clearBelow: z.number().nonnegative().optional(),
    severity: z.enum(severities),
  })
  .refine((l) => l.clearBelow === undefined || l.clearBelow <= l.above, {
    message: 'clearBelow must not exceed above, or the level would clear before it fires',
    path: ['clearBelow'],
  });

export const thresholdConditionSchema = z.strictObject({ type: z.literal('threshold') });

export const triggerSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be kebab-case, e.g. "darien-crossings-surge"'),
    version: z.number().int().positive(),
    title: z.string().min(1),
    scope: z.strictObject({
      indicators: z.array(identifier).min(1),
      reporters: z.array(iso3).min(1).optional(),
      places: z.array(identifier).min(1).optional(),
    }),
    condition: thresholdConditionSchema,
    levels: z.array(levelSchema).min(1),
  })
  .refine((t) => t.levels.every((l, i) => i === 0 || l.above > t.levels[i - 1].above), {
    message: 'levels must be listed from the lowest to the highest, each firing above the one before',
    path: ['levels'],
  });

export const catalogueSchema = z.strictObject({
  triggers: z
    .array(triggerSchema)
    .min(1)
    .refine((ts) => new Set(ts.map((t) => t.id)).size === ts.length, {
      message: 'trigger ids must be unique',
    }),
});

export type Trigger = z.infer<typeof triggerSchema>;
export type Level = z.infer<typeof levelSchema>;
export type Catalogue = z.infer<typeof catalogueSchema>;
