import { z } from 'zod';
import { periodSchema } from './signal.schema';

export const alertEventTypes = ['firing', 'escalated', 'de-escalated', 'resolved'] as const;
export type AlertEventType = (typeof alertEventTypes)[number];

export const severities = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const urgencies = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;

export const evidenceSchema = z.strictObject({
  value: z.number(),
  period: periodSchema,
  threshold: z.number(),
  comparison: z.enum(['above', 'below-clear']),
  signalId: z.string(),
  /** For conditions other than a threshold: what the levels were compared with, and its reference value. */
  measure: z.number().optional(),
  baseline: z.number().optional(),
  /** The state whose own thresholds were applied, when one was. */
  override: z.string().optional(),
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
