import { z } from 'zod';
import { identifier } from '@atalaya/contracts';
import { LabelName, labelName, Matcher, matcherSchema } from '../matching/matcher.schema';
import { isoDuration, isoWait } from '../time';

/** The settings a route passes down to the routes under it, unless they set their own (as Alertmanager's). */
const inherited = {
  /** Recipient ids. */
  receivers: z.array(identifier).min(1).optional(),
  /** Labels that split a route's alerts into groups; `[]` puts them all in one group. */
  groupBy: z.array(labelName).optional(),
  /** How long a new group waits for more alerts before its first notification; `PT0S` sends it at once. */
  groupWait: isoWait.optional(),
  /** How long after a group's notification its next one may go out with new or changed alerts. */
  groupInterval: isoDuration.optional(),
  /** How long after a group's notification it is sent again when nothing changed. */
  repeatInterval: isoDuration.optional(),
  /** Whether `pending` announcements (a rise not yet held) reach these receivers. */
  pending: z.boolean().optional(),
};

export interface RouteSpec {
  readonly id: string;
  readonly match?: Matcher;
  readonly continue: boolean;
  readonly receivers?: readonly string[];
  readonly groupBy?: readonly LabelName[];
  readonly groupWait?: string;
  readonly groupInterval?: string;
  readonly repeatInterval?: string;
  readonly pending?: boolean;
  readonly routes: readonly RouteSpec[];
}

export const routeSchema: z.ZodType<RouteSpec> = z.lazy(() =>
  z.strictObject({
    /** Names the route in group state and logs, so reordering the tree loses no group. */
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a kebab-case route id, e.g. "state-pan"'),
    match: matcherSchema.optional(),
    /** Whether the routes after this one are still tried once it matched. */
    continue: z.boolean().default(false),
    ...inherited,
    routes: z.array(routeSchema).default([]),
  }),
);

/** The root route: no matcher (it takes every alert) and receivers of its own, so nothing goes nowhere. */
export const rootRouteSchema = z.strictObject({
  ...inherited,
  receivers: z
    .array(identifier)
    .min(1, 'the root route needs a default receiver, so that nothing that matches goes nowhere'),
  routes: z.array(routeSchema).default([]),
});
export type RootRouteSpec = z.infer<typeof rootRouteSchema>;

/**
 * Holds back alerts matching `target` while an alert in force matches `source` and agrees with it on every
 * label of `equal`. With `recipients`, only for those recipients (e.g. the ones that want the corridor view).
 */
export const inhibitRuleSchema = z.strictObject({
  source: matcherSchema,
  target: matcherSchema,
  equal: z.array(labelName).default([]),
  recipients: z.array(identifier).min(1).optional(),
  note: z.string().optional(),
});
export type InhibitRule = z.infer<typeof inhibitRuleSchema>;
