import { z } from 'zod';
import { actionStatuses } from './acknowledgement.schema';

/** What happened to an alert, and who did it: the kinds of a timeline entry. */
export const timelineKinds = [
  'event',
  'notified',
  'acknowledged',
  'escalated',
  'action-assigned',
  'action-reported',
  'action-escalated',
] as const;

/** One thing that happened to an alert: when, what, who (the engine, a recipient, an organisation). */
export const timelineEntrySchema = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  kind: z.enum(timelineKinds),
  /** `atalaya` for the engine's events, else the recipient or organisation concerned. */
  who: z.string(),
  /** A line a duty officer reads: `firing at warning`, `pan-snm-lajas-blancas: done`. */
  what: z.string(),
  detail: z.record(z.string(), z.unknown()),
});

/** Where one response action of the alert stands. */
export const actionStandingSchema = z.strictObject({
  actionId: z.string(),
  organisation: z.string(),
  level: z.string(),
  dueAt: z.iso.datetime({ offset: true }),
  /** The latest report, or null when the organisation has reported nothing yet. */
  status: z.enum(actionStatuses).nullable(),
  /** Past its deadline and neither done nor declined. */
  overdue: z.boolean(),
});

/** `GET /v1/alerts/{alertId}/timeline`: the alert's history, oldest first, and its response at a glance. */
export const alertTimelineSchema = z.strictObject({
  alertId: z.string(),
  entries: z.array(timelineEntrySchema),
  actions: z.array(actionStandingSchema),
});

export type TimelineEntry = z.infer<typeof timelineEntrySchema>;
export type ActionStanding = z.infer<typeof actionStandingSchema>;
export type AlertTimeline = z.infer<typeof alertTimelineSchema>;
