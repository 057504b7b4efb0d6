import { z } from 'zod';
import { actionStatuses } from './acknowledgement.schema';
import { sharedAlertEventSchema, withheldFigureSchema } from './alert-event.schema';
import { omissionSchema, sharedFigureSchema } from './shared-figures.schema';

/**
 * The live stream's event types (`GET /v1/stream`, docs/api.md "Live stream"), each the SSE `event:` name of
 * a message whose `data:` is its schema below.
 */
export const streamEventTypes = ['alert', 'action', 'indicator'] as const;
export type StreamEventType = (typeof streamEventTypes)[number];

/** A sequence number of the alert history: the SSE `id` of an alert event, and `Last-Event-ID`. */
export const alertSeqSchema = z.string().regex(/^\d{1,18}$/, 'must be the id of an alert event, e.g. 42');

/** `event: alert`: one alert event, as the caller may see it; its SSE `id` is `seq`. */
export const streamAlertEventSchema = z.strictObject({
  seq: alertSeqSchema.describe('its place in the alert history, the SSE id to resume after'),
  event: sharedAlertEventSchema,
  withheld: z.array(withheldFigureSchema).describe('figures of the event not shown to the caller'),
});

/** `event: action`: a recipient's acknowledgement of an alert, or an organisation's report on an action. */
export const streamActionEventSchema = z.strictObject({
  alertId: z.string(),
  update: z.enum(['acknowledged', 'action-reported']),
  organisation: z.string().describe('the recipient that acknowledged, or the organisation that reported'),
  actionId: z.string().nullable().describe('the response action reported on; null for an acknowledgement'),
  status: z.enum(actionStatuses).nullable().describe('the status reported; null for an acknowledgement'),
  at: z.iso.datetime(),
});

/** `event: indicator`: a figure just reported, as the caller may see it for early warning. */
export const streamIndicatorEventSchema = z.strictObject({
  seriesKey: z.string(),
  signalId: z.string(),
  receivedAt: z.iso.datetime(),
  figure: sharedFigureSchema,
  omissions: z.array(omissionSchema).describe('what of it is withheld: breakdowns, cells'),
});

/** `GET /v1/stream`: where to resume, for clients that cannot set the `Last-Event-ID` header. */
export const streamQuerySchema = z.strictObject({
  lastEventId: z
    .string()
    .optional()
    .describe('the `Last-Event-ID` header, as a parameter: the seq of the last alert event received'),
});

export type StreamAlertEvent = z.infer<typeof streamAlertEventSchema>;
export type StreamActionEvent = z.infer<typeof streamActionEventSchema>;
export type StreamIndicatorEvent = z.infer<typeof streamIndicatorEventSchema>;
