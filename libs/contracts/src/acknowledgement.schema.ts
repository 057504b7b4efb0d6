import { z } from 'zod';

/** What a recipient sends to acknowledge an alert it was notified of (`POST /v1/acks`). */
export const ackRequestSchema = z.strictObject({
  alertId: z.string().min(1, 'name the alert you acknowledge: alertId from the notification'),
  note: z.string().max(2000).optional(),
});

export type AckRequest = z.infer<typeof ackRequestSchema>;
