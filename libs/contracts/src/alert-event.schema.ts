import { z } from 'zod';
import { periodSchema } from './signal.schema';

/**
 * `pending` announces a rise that must hold for the trigger's `pending` observations before it fires, under
 * the id the alert will fire with; if the figures fall back first, the alert ends `resolved` without having
 * fired. `updated` and `cancelled` are the provisional-and-final steps: a late or revised observation changed
 * what the trigger would have said, so the alert it raised is restated (`updated`) or withdrawn as if never
 * raised (`cancelled`, CAP's msgType Cancel).
 */
export const alertEventTypes = [
  'pending',
  'firing',
  'escalated',
  'de-escalated',
  'updated',
  'resolved',
  'cancelled',
] as const;
export type AlertEventType = (typeof alertEventTypes)[number];

/** Why an alert was restated or ended other than by crossing a level (evidence `reason`). */
export const alertReasons = ['new-peak', 'version-change'] as const;
export type AlertReason = (typeof alertReasons)[number];

export const severities = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const urgencies = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;

/**
 * The agreed ladder of alert levels, lowest first. A trigger uses some or all of them, in this order; a
 * level's name is what recipients branch on, so it is one of these and nothing else.
 */
export const alertLevels = ['watch', 'warning', 'emergency'] as const;
export const alertLevelSchema = z.enum(alertLevels);
export type AlertLevel = z.infer<typeof alertLevelSchema>;

export const comparisons = ['above', 'below-clear', 'below'] as const;

export const evidenceSchema = z
  .strictObject({
    value: z.number().describe('the figure of the observation that caused the step'),
    period: periodSchema,
    threshold: z.number().describe('the level boundary the measure was compared with'),
    comparison: z
      .enum(comparisons)
      .describe(
        "above: the measure reached `threshold` (a level's fire level); below-clear: it fell below a level's " +
          'clear level; below: a pending rise fell back below the fire level it was pending at, before it held',
      ),
    signalId: z.string().describe('the signal of the observation that caused the step'),
    measure: z
      .number()
      .optional()
      .describe(
        'for conditions other than a threshold: what the levels were compared with (a change, a ratio, a z-score…)',
      ),
    baseline: z
      .number()
      .optional()
      .describe("the measure's reference value (the earlier figure, the seasonal mean…)"),
    override: z.string().optional().describe('the state whose own thresholds were applied, when one was'),
    daysToFull: z
      .number()
      .optional()
      .describe(
        'ratio conditions: days until the denominator is reached at the recent net inflow (absent when not rising)',
      ),
    members: z
      .array(
        z
          .strictObject({
            place: z.string().describe('the place of the member series'),
            indicator: z.string().describe('the indicator of the member series'),
            value: z.number().describe("the member's figure in play"),
            period: periodSchema,
            lagDays: z
              .number()
              .int()
              .nonnegative()
              .describe("the member's travel time to the corridor's end, in days"),
          })
          .describe('one member of a corridor composite with a surge in play'),
      )
      .optional()
      .describe(
        "corridor composites: the members with a surge in play, each with its travel time to the corridor's end",
      ),
    silentSince: z.iso
      .datetime()
      .optional()
      .describe('no-data conditions: when the series or reporter was last heard from (engine receive time)'),
    revisedBy: z
      .string()
      .optional()
      .describe(
        'updated and cancelled events: the signal whose late arrival or revision changed the outcome',
      ),
    reason: z
      .enum(alertReasons)
      .optional()
      .describe(
        'why an alert was restated or ended other than by its figures crossing a level: new-peak, an alert ' +
          're-warning at a new peak of its episode (updated); version-change, the alert passing to a newly ' +
          'adopted version of its trigger (updated, or resolved when the new levels no longer support it)',
      ),
    previousVersion: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('with reason version-change: the version of the trigger the alert passed from'),
    previousPeak: z
      .number()
      .optional()
      .describe(
        "new-peak re-warnings: the measure the alert last warned at, which this one exceeds by the trigger's margin",
      ),
  })
  .describe('What the step rests on: the observation, the measure and the level boundary it crossed');

/**
 * One step of an alert's life. Everything in it, `eventId` included, derives from the observation that caused
 * the step, so a replay or a restart produces the same event byte for byte.
 */
export const alertEventSchema = z
  .strictObject({
    eventId: z
      .string()
      .describe('the id of this step, derived from the trigger, the series and the observation'),
    alertId: z.string().describe('the id of the alert, the same for every step of one alert'),
    type: z
      .enum(alertEventTypes)
      .describe(
        'pending: a rise that must hold before it fires; firing, escalated, de-escalated, resolved: the level ' +
          'crossed; updated: restated after a late or revised figure or a new peak; cancelled: withdrawn as if never raised',
      ),
    level: alertLevelSchema
      .nullable()
      .describe('the level the alert is at after this step; null once it has ended'),
    previousLevel: alertLevelSchema.nullable().describe('the level before this step; null for the first'),
    severity: z.enum(severities).describe("CAP severity of the level (the trigger's own)"),
    urgency: z.enum(urgencies).describe("CAP urgency of the level (the trigger's own)"),
    shadow: z
      .boolean()
      .describe("a shadow trigger's event: recorded and published, never dispatched to recipients"),
    trigger: z
      .strictObject({
        id: z.string().describe('the trigger of the catalogue'),
        version: z
          .number()
          .int()
          .positive()
          .describe('the version of the trigger in force that produced the step'),
        title: z.string().describe("the trigger's title"),
      })
      .describe('the trigger and the version of it that produced the step'),
    seriesKey: z
      .string()
      .describe(
        'the series: reporter/indicator/country/admin1/place, with "-" for an absent part (a corridor for composites)',
      ),
    evidence: evidenceSchema,
  })
  .describe(
    "One step of an alert's life (pending, firing, escalated, de-escalated, updated, resolved, cancelled) with its evidence",
  );

export type AlertEvent = z.infer<typeof alertEventSchema>;
export type Evidence = z.infer<typeof evidenceSchema>;

/**
 * Alert evidence as one viewer is shown it (docs/data-sharing.md): the reported figures in it (`value`, a
 * corridor member's `value`, and a baseline, measure or peak that is itself a count) only where the state's
 * sharing policy lets that viewer see them; the trigger's reasoning always.
 */
export const sharedEvidenceSchema = evidenceSchema
  .extend({
    value: z.number().optional().describe('the figure, where the sharing policy lets this viewer see it'),
    members: z
      .array(
        evidenceSchema.shape.members
          .unwrap()
          .element.extend({ value: z.number().optional().describe("the member's figure, where shared") }),
      )
      .optional()
      .describe('corridor composites: the members with a surge in play, their figures where shared'),
  })
  .describe('What the step rests on, its figures as the sharing policy lets this viewer see them');

/** An alert event as one viewer is shown it: its evidence redacted under the sharing policies. */
export const sharedAlertEventSchema = alertEventSchema.extend({ evidence: sharedEvidenceSchema });

/** A figure left out of the evidence a viewer was shown, and why, in words the viewer can act on. */
export const withheldFigureSchema = z.strictObject({
  field: z.string().describe('the evidence field left out, e.g. `value` or `members.1.value`'),
  reason: z.string().describe('why: not-shared, finer-than-allowed, embargoed, no-rule, no-policy…'),
  message: z.string().describe('the reason in words the viewer can act on'),
});

/** How long a viewer may keep the figures of one state it was shown, as that state's policy sets it. */
export const retentionSchema = z.strictObject({
  reporter: z.string().describe('the state whose figures were shown'),
  indicator: z.string().describe('the indicator of the figures'),
  keepFor: z.string().describe('an ISO 8601 duration from when they were shown, e.g. P1Y'),
});

export type SharedEvidence = z.infer<typeof sharedEvidenceSchema>;
export type Retention = z.infer<typeof retentionSchema>;
export type SharedAlertEvent = z.infer<typeof sharedAlertEventSchema>;
export type WithheldFigure = z.infer<typeof withheldFigureSchema>;
