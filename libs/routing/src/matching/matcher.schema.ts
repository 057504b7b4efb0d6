import { z } from 'zod';
import { identifier, iso3, severities } from '@atalaya/contracts';
import { alertKinds } from '../context/alert.context';

/** A trigger id as the trigger catalogue spells it. */
export const triggerId = z
  .string()
  .regex(/^[a-z][a-z0-9-]*$/, 'must be a kebab-case trigger id, e.g. "darien-crossings-surge"');

/** One value or a list of them, read as a list: `state: PAN` and `state: [PAN, COL]` both work. */
const oneOrMore = <T extends z.ZodType<string>>(value: T) =>
  z
    .union([value, z.array(value).min(1, 'list at least one value, or leave the key out')])
    .transform((v): z.output<T>[] => (Array.isArray(v) ? v : [v]));

/**
 * What an alert must be for a route, an inhibit rule or a silence to apply to it. Every key given must hold;
 * a key with several values holds when any of them does. For `state`, `place` and `corridor`, which are sets
 * on a corridor alert, it holds when the sets share a value.
 */
export const matcherFields = {
  state: oneOrMore(iso3).optional(),
  corridor: oneOrMore(identifier).optional(),
  place: oneOrMore(identifier).optional(),
  indicator: oneOrMore(identifier).optional(),
  trigger: oneOrMore(triggerId).optional(),
  kind: oneOrMore(z.enum(alertKinds)).optional(),
  /** Exact level names; `minLevel` is usually what a subscription wants. */
  level: oneOrMore(identifier).optional(),
  alert: oneOrMore(z.string().min(1)).optional(),
  /** At this level of the alert's own trigger or above, by position in the trigger's `levels` (docs/routing.md). */
  minLevel: identifier.optional(),
  /** At this CAP severity or above (Minor < Moderate < Severe < Extreme). */
  minSeverity: z.enum(severities).optional(),
};

export const matcherSchema = z.strictObject(matcherFields);
export type Matcher = z.output<typeof matcherSchema>;

/** Labels an alert can be grouped by, or must share with an inhibiting alert. */
export const labelNames = ['state', 'corridor', 'place', 'indicator', 'trigger', 'kind', 'alert'] as const;
export type LabelName = (typeof labelNames)[number];
export const labelName = z.enum(labelNames);
