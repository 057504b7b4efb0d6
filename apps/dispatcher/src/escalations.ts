import {
  escalationDue,
  type AlertActions,
  type GroupedAlert,
  type RoutingConfig,
  type RoutingState,
} from '@atalaya/routing';
import type { Notification as NotificationBody } from '@atalaya/contracts';

/** What the dispatcher knows of one recipient's answer to one alert in force. */
export interface Unanswered {
  readonly recipientId: string;
  readonly alertId: string;
  /** When the recipient was first notified of the alert: each step's `after` counts from then. */
  readonly notifiedAt: string;
  readonly acknowledgedAt: string | null;
  /** The steps of its policy already taken (0-based). */
  readonly taken: ReadonlySet<number>;
}

/** One escalation step to take now: the notification it sends, and the record of it. */
export interface EscalationStep {
  readonly recipientId: string;
  readonly alertId: string;
  readonly step: number;
  readonly target: string;
  readonly notification: Outgoing;
}

/** A notification as the renderer takes it: routing's, or an escalation's. */
export interface Outgoing {
  readonly id: string;
  readonly recipientId: string;
  readonly reason: NotificationBody['reason'];
  readonly alerts: readonly (GroupedAlert & {
    readonly status: NotificationBody['alerts'][number]['status'];
  })[];
  readonly actions: readonly AlertActions[];
  readonly escalation?: NotificationBody['escalation'];
}

/**
 * The escalation steps due at `now` and not yet taken, for every recipient notified of an alert still in
 * force that has not acknowledged it. A step naming another recipient notifies it; a step naming one of the
 * recipient's contacts notifies the recipient itself, naming whom to reach, for its own systems to page.
 */
export function escalationsDue(
  config: RoutingConfig,
  state: RoutingState,
  unanswered: readonly Unanswered[],
  now: string,
): EscalationStep[] {
  const latest = latestEvents(state);
  return unanswered.flatMap((u) => {
    const recipient = config.recipients.get(u.recipientId);
    const alert = latest.get(u.alertId);
    if (!recipient || !alert || !state.active[u.alertId]) return [];
    return escalationDue(recipient.escalation, u.notifiedAt, u.acknowledgedAt, now)
      .due.filter((d) => !u.taken.has(d.index))
      .map((d) => {
        const target = 'recipient' in d.step ? d.step.recipient : u.recipientId;
        const contact = 'contact' in d.step ? recipient.contacts[d.step.contact] : undefined;
        return {
          recipientId: u.recipientId,
          alertId: u.alertId,
          step: d.index,
          target,
          notification: {
            id: `escalate/${u.recipientId}/${u.alertId}/${d.index}`,
            recipientId: target,
            reason: 'escalation' as const,
            alerts: [{ ...alert, status: 'firing' as const }],
            actions: [],
            escalation: {
              of: u.recipientId,
              step: d.index + 1,
              after: d.step.after,
              ...(contact ? { contact } : {}),
            },
          },
        };
      });
  });
}

/** Each alert's latest event, as the groups of the routing state hold it. */
function latestEvents(state: RoutingState): Map<string, GroupedAlert> {
  const latest = new Map<string, GroupedAlert>();
  for (const group of Object.values(state.groups)) {
    for (const [alertId, alert] of Object.entries(group.alerts)) latest.set(alertId, alert);
  }
  return latest;
}
