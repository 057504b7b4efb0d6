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

export const evidenceSchema = z.strictObject({
  value: z.number(),
  period: periodSchema,
  threshold: z.number(),
  /**
   * `above`: the measure reached `threshold` (a level's fire level); `below-clear`: it fell below a level's
   * clear level; `below`: a pending rise fell back below the fire level it was pending at, before it held.
   */
  comparison: z.enum(['above', 'below-clear', 'below']),
  signalId: z.string(),
  /** For conditions other than a threshold: what the levels were compared with, and its reference value. */
  measure: z.number().optional(),
  baseline: z.number().optional(),
  /** The state whose own thresholds were applied, when one was. */
  override: z.string().optional(),
  /** Ratio conditions: days until the denominator is reached at the recent net inflow (absent when not rising). */
  daysToFull: z.number().optional(),
  /** Corridor composites: the members with a surge in play, each with its travel time to the corridor's end. */
  members: z
    .array(
      z.strictObject({
        place: z.string(),
        indicator: z.string(),
        value: z.number(),
        period: periodSchema,
        lagDays: z.number().int().nonnegative(),
      }),
    )
    .optional(),
  /** No-data conditions: when the series or reporter was last heard from (engine receive time). */
  silentSince: z.iso.datetime().optional(),
  /** Updated and cancelled events: the signal whose late arrival or revision changed the outcome. */
  revisedBy: z.string().optional(),
  /**
   * Why an alert was restated or ended other than by its figures crossing a level: `new-peak`, an alert
   * re-warning at a new peak of its episode (`updated`); `version-change`, the alert passing to a newly
   * adopted version of its trigger (`updated`, or `resolved` when the new levels no longer support it).
   */
  reason: z.enum(alertReasons).optional(),
  /** With `reason: version-change`: the version of the trigger the alert passed from. */
  previousVersion: z.number().int().positive().optional(),
  /** New-peak re-warnings: the measure the alert last warned at, which this one exceeds by the trigger's margin. */
  previousPeak: z.number().optional(),
});

/**
 * One step of an alert's life. Everything in it, `eventId` included, derives from the observation that caused
 * the step, so a replay or a restart produces the same event byte for byte.
 */
export const alertEventSchema = z.strictObject({
  eventId: z.string(),
  alertId: z.string(),
  type: z.enum(alertEventTypes),
  level: z.string().nullable(),
  previousLevel: z.string().nullable(),
  severity: z.enum(severities),
  urgency: z.enum(urgencies),
  /** A shadow trigger's event: recorded and published, never dispatched to recipients. */
  shadow: z.boolean(),
  trigger: z.strictObject({ id: z.string(), version: z.number().int().positive(), title: z.string() }),
  seriesKey: z.string(),
  evidence: evidenceSchema,
});

export type AlertEvent = z.infer<typeof alertEventSchema>;
export type Evidence = z.infer<typeof evidenceSchema>;

/**
 * Alert evidence as one viewer is shown it (docs/data-sharing.md): the reported figures in it (`value`, a
 * corridor member's `value`, and a baseline, measure or peak that is itself a count) only where the state's
 * sharing policy lets that viewer see them; the trigger's reasoning always.
 */
export const sharedEvidenceSchema = evidenceSchema.extend({
  value: z.number().optional(),
  members: z
    .array(evidenceSchema.shape.members.unwrap().element.extend({ value: z.number().optional() }))
    .optional(),
});

/** An alert event as one viewer is shown it: its evidence redacted under the sharing policies. */
export const sharedAlertEventSchema = alertEventSchema.extend({ evidence: sharedEvidenceSchema });

/** A figure left out of the evidence a viewer was shown, and why, in words the viewer can act on. */
export const withheldFigureSchema = z.strictObject({
  field: z.string().describe('the evidence field left out, e.g. `value` or `members.1.value`'),
  reason: z.string().describe('why: not-shared, finer-than-allowed, embargoed, no-rule, no-policy…'),
  message: z.string(),
});

/** How long a viewer may keep the figures of one state it was shown, as that state's policy sets it. */
export const retentionSchema = z.strictObject({
  reporter: z.string().describe('the state whose figures were shown'),
  indicator: z.string(),
  keepFor: z.string().describe('an ISO 8601 duration from when they were shown, e.g. P1Y'),
});

export type SharedEvidence = z.infer<typeof sharedEvidenceSchema>;
export type Retention = z.infer<typeof retentionSchema>;
export type SharedAlertEvent = z.infer<typeof sharedAlertEventSchema>;
export type WithheldFigure = z.infer<typeof withheldFigureSchema>;
