import {
  escalationDue,
  overdue,
  type AlertActions,
  type DueStep,
  type GroupedAlert,
  type Recipient,
  type RoutingConfig,
  type RoutingState,
} from '@atalaya/routing';
import type { Notification as NotificationBody } from '@atalaya/contracts';
import type { TrackedAction } from '@atalaya/persistence';

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

/** One escalation step of an overdue response action; `organisation` is the one that left it undone. */
export interface ActionEscalationStep {
  readonly alertId: string;
  readonly actionId: string;
  readonly organisation: string;
  readonly step: number;
  readonly target: string;
  readonly notification: Outgoing;
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
      .map((d) => ({
        recipientId: u.recipientId,
        alertId: u.alertId,
        step: d.index,
        target: targetOf(d, u.recipientId),
        notification: stepNotification(
          `escalate/${u.recipientId}/${u.alertId}/${d.index}`,
          recipient,
          alert,
          d,
        ),
      }));
  });
}

/**
 * The escalation steps due at `now` for response actions of alerts still in force that are past their
 * deadline and neither done nor declined: an overdue action escalates like an unanswered alert, along the
 * policy of the organisation it is assigned to, its steps counted from the deadline.
 */
export function overdueActionsDue(
  config: RoutingConfig,
  state: RoutingState,
  actions: readonly TrackedAction[],
  now: string,
): ActionEscalationStep[] {
  const latest = latestEvents(state);
  return actions.flatMap((a) => {
    const organisation = config.recipients.get(a.action.organisation);
    const alert = latest.get(a.alertId);
    if (!organisation || !alert || !state.active[a.alertId]) return [];
    if (overdue([a.action], a.activatedAt, a.reports, now).length === 0) return [];
    return escalationDue(organisation.escalation, a.dueAt, null, now)
      .due.filter((d) => !a.taken.has(d.index))
      .map((d) => {
        const target = targetOf(d, organisation.id);
        const id = `overdue/${organisation.id}/${a.alertId}/${a.action.id}/${d.index}`;
        const own = target === organisation.id ? [{ alertId: a.alertId, actions: [a] }] : [];
        return {
          alertId: a.alertId,
          actionId: a.action.id,
          organisation: organisation.id,
          step: d.index,
          target,
          notification: stepNotification(id, organisation, alert, d, own, {
            id: a.action.id,
            deadline: a.dueAt,
          }),
        };
      });
  });
}

const targetOf = (d: DueStep, recipientId: string): string =>
  'recipient' in d.step ? d.step.recipient : recipientId;

/** The notification of one escalation step: to the step's recipient, or to `of` naming its contact. */
function stepNotification(
  id: string,
  of: Recipient,
  alert: GroupedAlert,
  d: DueStep,
  actions: readonly AlertActions[] = [],
  action?: { id: string; deadline: string },
): Outgoing {
  const contact = 'contact' in d.step ? of.contacts[d.step.contact] : undefined;
  return {
    id,
    recipientId: targetOf(d, of.id),
    reason: 'escalation',
    alerts: [{ ...alert, status: 'firing' }],
    actions,
    escalation: {
      of: of.id,
      step: d.index + 1,
      after: d.step.after,
      ...(contact ? { contact } : {}),
      ...(action ? { action } : {}),
    },
  };
}

/** Each alert's latest event, as the groups of the routing state hold it. */
function latestEvents(state: RoutingState): Map<string, GroupedAlert> {
  const latest = new Map<string, GroupedAlert>();
  for (const group of Object.values(state.groups)) {
    for (const [alertId, alert] of Object.entries(group.alerts)) latest.set(alertId, alert);
  }
  return latest;
}
