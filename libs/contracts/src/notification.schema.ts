import { z } from 'zod';
import { retentionSchema, sharedAlertEventSchema, withheldFigureSchema } from './alert-event.schema';

/** A response action, as its organisation is told of it: what to do, by when. */
export const notifiedActionSchema = z.strictObject({
  id: z.string(),
  /** The recipient the action is assigned to. */
  organisation: z.string(),
  description: z.string(),
  /** Activation time plus the protocol's deadline. */
  deadline: z.iso.datetime({ offset: true }),
});

/** One alert of a notification: where it stands, its latest event, the actions it puts on the recipient. */
export const notifiedAlertSchema = z.strictObject({
  status: z.enum(['pending', 'firing', 'resolved', 'cancelled']),
  /** The latest event, its evidence as the reporting states' sharing policies let this recipient see it. */
  event: sharedAlertEventSchema,
  /** The figures of the evidence left out for this recipient, each with the reason. */
  withheld: z.array(withheldFigureSchema).optional(),
  /** How long the recipient may keep the figures it was shown, state by state, as their policies set it. */
  retention: z.array(retentionSchema).optional(),
  actions: z.array(notifiedActionSchema),
  /** The CAP 1.2 XML document of this alert's event, in the recipient's languages. */
  cap: z.string(),
});

/**
 * What a recipient receives, on every channel, for one group of alerts (one alert unless its route groups
 * them): each alert's latest event with its evidence, the response actions assigned to this recipient, and
 * the same content as a CAP 1.2 document. `notificationId` is the idempotency key (a webhook's `webhook-id`,
 * an email's Message-ID; on Kafka the field itself, the message key being the route and group so that a
 * group's notifications keep their order): a retry or a redelivery carries the same id and the same body.
 */
export const notificationSchema = z.strictObject({
  notificationId: z.string(),
  recipientId: z.string(),
  /**
   * `first` to a recipient new to the group, `update` when an alert changed, `repeat` as a reminder,
   * `escalation` when a recipient left an alert unanswered, or a response action undone past its deadline,
   * past a step of its escalation policy.
   */
  reason: z.enum(['first', 'update', 'repeat', 'escalation']),
  alerts: z.array(notifiedAlertSchema).min(1),
  /** For an escalation: whose alert or action went unanswered, which step of its policy, who is to be reached. */
  escalation: z
    .strictObject({
      of: z.string(),
      step: z.number().int().positive(),
      after: z.string(),
      contact: z
        .strictObject({ name: z.string(), email: z.string().optional(), phone: z.string().optional() })
        .optional(),
      /** For an overdue response action: which one, and when it was due. `of` is its organisation. */
      action: z.strictObject({ id: z.string(), deadline: z.iso.datetime({ offset: true }) }).optional(),
    })
    .optional(),
});

export type Notification = z.infer<typeof notificationSchema>;
export type NotifiedAlert = z.infer<typeof notifiedAlertSchema>;
export type NotifiedAction = z.infer<typeof notifiedActionSchema>;
