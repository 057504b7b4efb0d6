import { z } from 'zod';
import { sharedAlertEventSchema, withheldFigureSchema } from './alert-event.schema';
import { identifier, iso3 } from './primitives.schema';
import { alertTimelineSchema } from './timeline.schema';

/** Active: its latest event leaves it open; past: resolved or cancelled. */
export const alertStatuses = ['active', 'past'] as const;

/** `GET /v1/alerts`: which alerts, a page at a time (newest change first). */
export const alertsQuerySchema = z.strictObject({
  status: z.enum(alertStatuses).optional().describe('active or past; both when left out'),
  level: z.string().min(1).optional().describe("the level of the alert's latest event, e.g. emergency"),
  trigger: identifier.optional(),
  state: iso3.optional().describe('the reporting state of its series'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).optional().describe('`next` of the previous page'),
});

/** An alert as its latest event left it, its figures as the caller may see them. */
export const alertSummarySchema = z.strictObject({
  alertId: z.string(),
  status: z.enum(alertStatuses),
  openedAt: z.iso.datetime().describe('when its first event was recorded'),
  updatedAt: z.iso.datetime().describe('when its latest event was recorded'),
  latest: sharedAlertEventSchema,
  withheld: z.array(withheldFigureSchema).describe('figures of the latest event not shown to the caller'),
});

export const alertPageSchema = z.strictObject({
  items: z.array(alertSummarySchema),
  next: z.string().nullable().describe('the cursor of the next page, null on the last'),
});

/** `GET /v1/alerts/{alertId}`: the alert, every event of it oldest first, and its response. */
export const alertDetailSchema = z.strictObject({
  alert: alertSummarySchema,
  events: z.array(sharedAlertEventSchema),
  timeline: alertTimelineSchema
    .nullable()
    .describe("deliveries, acknowledgements and response actions; null for an agency's key"),
});

export type AlertsQuery = z.infer<typeof alertsQuerySchema>;
export type AlertSummary = z.infer<typeof alertSummarySchema>;
export type AlertPage = z.infer<typeof alertPageSchema>;
export type AlertDetail = z.infer<typeof alertDetailSchema>;

/** Where a reporter stands: heard within its cadence, late by some reports, or never heard. */
export const reportingStates = ['reporting', 'late', 'never'] as const;

/** `GET /v1/reporting/status`: the last report of each reporter and indicator, against its agreed cadence. */
export const reportingStatusSchema = z.strictObject({
  at: z.iso.datetime(),
  reporters: z.array(
    z.strictObject({
      reporter: iso3,
      cadence: z.enum(['daily', 'weekly', 'monthly']),
      status: z.enum(reportingStates),
      lastReportAt: z.iso.datetime().nullable().describe('when Atalaya last received a figure from it'),
      missedReports: z.number().int().nonnegative().describe('deadlines of its cadence passed since then'),
      indicators: z.array(
        z.strictObject({
          indicator: identifier,
          lastReportAt: z.iso.datetime(),
          latestPeriodEnd: z.iso.date().describe('the end of the latest period it has given'),
        }),
      ),
    }),
  ),
});

export type ReportingStatus = z.infer<typeof reportingStatusSchema>;
