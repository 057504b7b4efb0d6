import { z } from 'zod';
import { retentionSchema, sharedAlertEventSchema, withheldFigureSchema } from './alert-event.schema';

/** A response action, as its organisation is told of it: what to do, by when. */
export const notifiedActionSchema = z
  .strictObject({
    id: z.string().describe('the action id of the response protocol: what a status report names'),
    organisation: z.string().describe('the recipient the action is assigned to'),
    description: z.string().describe('what to do'),
    deadline: z.iso.datetime({ offset: true }).describe("activation time plus the protocol's deadline"),
  })
  .describe('A response action, as its organisation is told of it: what to do, by when');

/** One alert of a notification: where it stands, its latest event, the actions it puts on the recipient. */
export const notifiedAlertStatuses = ['pending', 'firing', 'resolved', 'cancelled'] as const;

export const notifiedAlertSchema = z
  .strictObject({
    status: z.enum(notifiedAlertStatuses).describe('where the alert stands after its latest event'),
    event: sharedAlertEventSchema.describe(
      "the latest event, its evidence as the reporting states' sharing policies let this recipient see it",
    ),
    withheld: z
      .array(withheldFigureSchema.describe('one figure left out, and why'))
      .optional()
      .describe('the figures of the evidence left out for this recipient, each with the reason'),
    retention: z
      .array(retentionSchema.describe("how long one state's figures may be kept"))
      .optional()
      .describe(
        'how long the recipient may keep the figures it was shown, state by state, as their policies set it',
      ),
    actions: z.array(notifiedActionSchema).describe('the response actions this alert puts on the recipient'),
    cap: z.string().describe("the CAP 1.2 XML document of this alert's event, in the recipient's languages"),
  })
  .describe(
    'One alert of a notification: where it stands, its latest event, the actions it puts on the recipient',
  );

/**
 * What a recipient receives, on every channel, for one group of alerts (one alert unless its route groups
 * them): each alert's latest event with its evidence, the response actions assigned to this recipient, and
 * the same content as a CAP 1.2 document. `notificationId` is the idempotency key (a webhook's `webhook-id`,
 * an email's Message-ID; on Kafka the field itself, the message key being the route and group so that a
 * group's notifications keep their order): a retry or a redelivery carries the same id and the same body.
 */
export const notificationReasons = ['first', 'update', 'repeat', 'escalation'] as const;

export const notificationSchema = z
  .strictObject({
    notificationId: z
      .string()
      .describe('the idempotency key: a retry or a redelivery carries the same id and the same body'),
    recipientId: z.string().describe('the recipient of deploy/catalogue/recipients.yaml it is for'),
    reason: z
      .enum(notificationReasons)
      .describe(
        'first: to a recipient new to the group; update: an alert changed; repeat: a reminder; escalation: a ' +
          'recipient left an alert unanswered, or a response action undone past its deadline, past a step of its escalation policy',
      ),
    alerts: z
      .array(notifiedAlertSchema)
      .min(1)
      .describe('the alerts of the group, one unless its route groups them'),
    escalation: z
      .strictObject({
        of: z.string().describe('the recipient whose alert or action went unanswered'),
        step: z.number().int().positive().describe('the step of its escalation policy, from 1'),
        after: z.string().describe('the ISO 8601 duration after which the step is taken, e.g. PT2H'),
        contact: z
          .strictObject({
            name: z.string().describe('who is to be reached'),
            email: z.string().optional().describe('their e-mail address'),
            phone: z.string().optional().describe('their phone number'),
          })
          .optional()
          .describe('who is to be reached at this step'),
        action: z
          .strictObject({
            id: z.string().describe('the overdue action'),
            deadline: z.iso.datetime({ offset: true }).describe('when it was due'),
          })
          .optional()
          .describe(
            'for an overdue response action: which one, and when it was due; `of` is its organisation',
          ),
      })
      .optional()
      .describe(
        'for an escalation: whose alert or action went unanswered, which step of its policy, who is to be reached',
      ),
  })
  .describe(
    "What a recipient receives, on every channel, for one group of alerts: each alert's latest event with its " +
      'evidence, the response actions assigned to this recipient, and the same content as a CAP 1.2 document',
  );

export type Notification = z.infer<typeof notificationSchema>;
export type NotifiedAlert = z.infer<typeof notifiedAlertSchema>;
export type NotifiedAction = z.infer<typeof notifiedActionSchema>;
