import { z } from 'zod';

/** What a recipient sends to acknowledge an alert it was notified of (`POST /v1/acks`). */
export const ackRequestSchema = z.strictObject({
  alertId: z.string().min(1, 'name the alert you acknowledge: alertId from the notification'),
  note: z.string().max(2000).optional(),
});

export type AckRequest = z.infer<typeof ackRequestSchema>;

/** Where an organisation stands on a response action assigned to it; `done` and `declined` close it. */
export const actionStatuses = ['acknowledged', 'in_progress', 'done', 'declined'] as const;
export type ActionStatus = (typeof actionStatuses)[number];

/** What an organisation sends to report on one of its response actions (`POST /v1/actions`). */
export const actionReportRequestSchema = z
  .strictObject({
    alertId: z.string().min(1, 'name the alert: alertId from the notification'),
    actionId: z.string().min(1, "name the action: an id from the notification's actions"),
    status: z.enum(actionStatuses),
    note: z.string().min(1).max(2000).optional(),
  })
  .refine((r) => r.status !== 'declined' || r.note !== undefined, {
    message: 'say why the action is declined (note)',
    path: ['note'],
  });

export type ActionReportRequest = z.infer<typeof actionReportRequestSchema>;
