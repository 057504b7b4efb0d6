import { ActionStanding, AlertEvent } from '@atalaya/contracts';
import { Instant, millis, plus } from '../time';
import { ActionStatusReport, closingStatuses, ResponseAction, ResponsesFile } from './response.schema';

/** The protocols of a catalogue, with each trigger's level order to tell which levels an event is at or above. */
export interface ResponseProtocols {
  readonly triggers: ReadonlyMap<
    string,
    { readonly levels: readonly string[]; readonly actions: ReadonlyMap<string, readonly ResponseAction[]> }
  >;
}

export interface AssignedAction {
  readonly trigger: string;
  /** The level whose protocol lists the action: its deadline counts from when the alert reached it. */
  readonly level: string;
  readonly action: ResponseAction;
}

/** Indexes checked protocols; triggers the catalogue does not hold are left out (the loader refuses them). */
export function protocolsOf(
  file: ResponsesFile,
  levelsOf: (trigger: string) => readonly string[] | undefined,
): ResponseProtocols {
  const triggers = new Map<
    string,
    { levels: readonly string[]; actions: Map<string, readonly ResponseAction[]> }
  >();
  for (const [trigger, byLevel] of Object.entries(file.responses)) {
    const levels = levelsOf(trigger);
    if (levels) triggers.set(trigger, { levels, actions: new Map(Object.entries(byLevel)) });
  }
  return { triggers };
}

/** Event types that leave a level in force, and so the actions up to it. */
const inForce: ReadonlySet<AlertEvent['type']> = new Set(['firing', 'escalated', 'de-escalated', 'updated']);

/**
 * The actions an event puts on a recipient: those of the event's level and of every level below it, for
 * an alert that fires straight at warning has skipped watch but still needs watch's preparations. Nothing
 * for a pending, resolved, cancelled or shadow event. Without a recipient: every organisation's.
 */
export function actionsFor(
  protocols: ResponseProtocols,
  event: AlertEvent,
  recipientId?: string,
): AssignedAction[] {
  if (event.shadow || event.level === null || !inForce.has(event.type)) return [];
  const protocol = protocols.triggers.get(event.trigger.id);
  const top = protocol?.levels.indexOf(event.level) ?? -1;
  if (!protocol || top < 0) return [];
  return protocol.levels
    .slice(0, top + 1)
    .flatMap((level) =>
      (protocol.actions.get(level) ?? [])
        .filter((a) => recipientId === undefined || a.organisation === recipientId)
        .map((action) => ({ trigger: event.trigger.id, level, action })),
    );
}

/** The latest report on each action, by the time it was made (the later of two at the same time wins). */
export function latestStatuses(statuses: readonly ActionStatusReport[]): Map<string, ActionStatusReport> {
  const latest = new Map<string, ActionStatusReport>();
  for (const s of statuses) {
    const seen = latest.get(s.actionId);
    if (!seen || millis(s.at) >= millis(seen.at)) latest.set(s.actionId, s);
  }
  return latest;
}

export interface OverdueAction {
  readonly action: ResponseAction;
  readonly dueAt: Instant;
  /** The latest status reported, if any: acknowledging or starting an action does not meet its deadline. */
  readonly status: ActionStatusReport | null;
}

/**
 * The actions past their deadline at `now` that are neither done nor declined. `activatedAt` is when the
 * alert reached the actions' level; `statuses` are the reports on this alert's actions. An overdue action
 * escalates like an unanswered alert: `escalationDue(organisation's policy, dueAt, closedAt, now)`.
 */
export function overdue(
  actions: readonly ResponseAction[],
  activatedAt: Instant,
  statuses: readonly ActionStatusReport[],
  now: Instant,
): OverdueAction[] {
  const latest = latestStatuses(statuses.filter((s) => millis(s.at) <= millis(now)));
  return actions.flatMap((action) => {
    const dueAt = plus(activatedAt, action.deadline);
    const status = latest.get(action.id) ?? null;
    if (millis(dueAt) > millis(now) || (status && closingStatuses.includes(status.status))) return [];
    return [{ action, dueAt, status }];
  });
}

/**
 * Why a report may not be taken, or null: only the organisation an action is assigned to reports on it, and
 * only on an action the alert's protocol lists (the API answers 403 and changes nothing). `assigned` is
 * every organisation's actions on the alert: `actionsFor(protocols, event)` without a recipient.
 */
export function actionReportProblem(
  assigned: readonly AssignedAction[],
  report: ActionStatusReport,
): string | null {
  const found = assigned.find((a) => a.action.id === report.actionId);
  if (!found) return `action ${report.actionId} is not part of this alert's response`;
  if (found.action.organisation !== report.organisation) {
    return `action ${report.actionId} is assigned to ${found.action.organisation}, not ${report.organisation}`;
  }
  return null;
}

/** A response action as told to its organisation, with its deadline: what `actionStandings` reads. */
export interface TrackedAssignment extends AssignedAction {
  readonly activatedAt: Instant;
  readonly dueAt: Instant;
}

/**
 * Where each action of an alert stands at `now`: its latest report, and whether it is overdue (past its
 * deadline, neither done nor declined). In the order given.
 */
export function actionStandings(
  assignments: readonly TrackedAssignment[],
  statuses: readonly ActionStatusReport[],
  now: Instant,
): ActionStanding[] {
  const latest = latestStatuses(statuses.filter((s) => millis(s.at) <= millis(now)));
  return assignments.map((a) => ({
    actionId: a.action.id,
    organisation: a.action.organisation,
    level: a.level,
    dueAt: a.dueAt,
    status: latest.get(a.action.id)?.status ?? null,
    overdue:
      overdue(
        [a.action],
        a.activatedAt,
        statuses.filter((s) => s.actionId === a.action.id),
        now,
      ).length > 0,
  }));
}
