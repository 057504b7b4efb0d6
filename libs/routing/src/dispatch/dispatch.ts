import { AlertEvent } from '@atalaya/contracts';
import { AlertContext, alertContextOf } from '../context/alert.context';
import { groupEvent, groupTick, groupWakeAt } from '../grouping/group';
import { GroupNotification, GroupState, GroupStep, Muted } from '../grouping/group.types';
import { isInhibited, keepsInForce } from '../inhibition/inhibition';
import { labelValues } from '../matching/matcher';
import { actionsFor, AssignedAction } from '../responses/actions';
import { matchRoutes, Route } from '../routes/route.tree';
import { isSilenced, nextSilenceChange, Silence } from '../silences/silence';
import { earliest, Instant, millis } from '../time';
import { RoutingConfig } from './routing.config';

/** What the dispatcher keeps between calls: plain data, JSON as it stands. */
export interface RoutingState {
  /** By group id, `<route id>|<group key>`. */
  readonly groups: Readonly<Record<string, GroupState>>;
  /** The alerts in force, by alert id: what inhibit rules look for. */
  readonly active: Readonly<Record<string, AlertContext>>;
}

export const emptyRoutingState: RoutingState = { groups: {}, active: {} };

export interface AlertActions {
  readonly alertId: string;
  readonly actions: readonly AssignedAction[];
}

/** One message to one recipient, to be sent on each of its channels. */
export interface Notification extends GroupNotification {
  /** Stable for this group, recipient and sequence: the idempotency key of every channel. */
  readonly id: string;
  readonly routeId: string;
  readonly groupKey: string;
  readonly at: Instant;
  /** The response actions the notification's alerts put on this recipient. */
  readonly actions: readonly AlertActions[];
}

export interface DispatchStep {
  readonly state: RoutingState;
  /** What to send now. */
  readonly notifications: readonly Notification[];
  /** When `dispatchTick` should next run; null when no group waits for anything. */
  readonly nextWakeAt: Instant | null;
}

/**
 * Takes one alert event: derives its context, records whether it is in force, puts it in the group of
 * every route it matches (and of every route whose group already holds its alert, so that a recipient who
 * heard an alert hears how it ends), and returns what is due now. Shadow events change nothing.
 */
export function dispatchEvent(
  config: RoutingConfig,
  state: RoutingState,
  event: AlertEvent,
  now: Instant,
  silences: readonly Silence[] = [],
): DispatchStep {
  return dispatchEvents(config, state, [event], now, silences);
}

/**
 * Takes a batch of alert events in order, as `dispatchEvent` takes each in turn, and returns everything due
 * now. The state is copied once and the next wake-up worked out once, for the batch rather than per event:
 * both cost as much as the groups held, which made a burst of alerts quadratic.
 */
export function dispatchEvents(
  config: RoutingConfig,
  state: RoutingState,
  events: readonly AlertEvent[],
  now: Instant,
  silences: readonly Silence[] = [],
): DispatchStep {
  const active = { ...state.active };
  const groups = { ...state.groups };
  const notifications: Notification[] = [];
  for (const event of events) {
    if (event.shadow) continue;
    const context = alertContextOf(event, config.lookups);
    const routes = routesFor(config, groups, context);
    if (keepsInForce(context)) active[context.alertId] = context;
    else if (context.type !== 'pending') delete active[context.alertId];
    const muted = mutedAt(config, Object.values(active), silences, now);
    for (const route of routes) {
      const key = groupKeyOf(route, context);
      const id = groupIdOf(route.id, key);
      const step = groupEvent(groups[id], route.id, key, { event, context }, now, route, muted);
      notifications.push(...collect(config, groups, id, route, step, now));
    }
  }
  const next = { groups, active };
  return { state: next, notifications, nextWakeAt: nextWakeOf(config, next, silences, now) };
}

/**
 * Sends what the passing of time makes due at `now`: first notifications after `groupWait`, updates after
 * `groupInterval`, repeats after `repeatInterval`. Groups of routes no longer in the configuration are
 * dropped without a word.
 */
export function dispatchTick(
  config: RoutingConfig,
  state: RoutingState,
  now: Instant,
  silences: readonly Silence[] = [],
): DispatchStep {
  const muted = mutedAt(config, Object.values(state.active), silences, now);
  const groups = { ...state.groups };
  const notifications: Notification[] = [];
  let touched = false;
  for (const [id, group] of Object.entries(state.groups)) {
    const route = config.routes.get(group.routeId);
    if (!route) {
      delete groups[id];
      touched = true;
      continue;
    }
    const wake = groupWakeAt(group, route);
    if (wake !== null && millis(wake) > millis(now)) continue;
    touched = true;
    notifications.push(...collect(config, groups, id, route, groupTick(group, now, route, muted), now));
  }
  // A tick at which no group was due leaves the very same state, so the caller need not write it back.
  if (!touched) return { state, notifications, nextWakeAt: nextWakeOf(config, state, silences, now) };
  const next = { groups, active: state.active };
  return { state: next, notifications, nextWakeAt: nextWakeOf(config, next, silences, now) };
}

/** The routes the tree sends the alert to, and those whose group already holds it. */
function routesFor(config: RoutingConfig, groups: RoutingState['groups'], context: AlertContext): Route[] {
  const found = matchRoutes(config.root, context, config.lookups.levelsOf);
  const holding = [...config.routes.values()].filter(
    (r) => !found.includes(r) && groups[groupIdOf(r.id, groupKeyOf(r, context))]?.alerts[context.alertId],
  );
  return [...found, ...holding];
}

function mutedAt(
  config: RoutingConfig,
  active: readonly AlertContext[],
  silences: readonly Silence[],
  now: Instant,
): Muted {
  const levelsOf = config.lookups.levelsOf;
  return (recipientId, alert) =>
    isSilenced(silences, alert, now, recipientId, levelsOf) ||
    isInhibited(config.inhibitRules, active, alert, recipientId, levelsOf);
}

function collect(
  config: RoutingConfig,
  groups: Record<string, GroupState>,
  id: string,
  route: Route,
  step: GroupStep,
  now: Instant,
): Notification[] {
  if (step.group) groups[id] = step.group;
  else delete groups[id];
  const key = id.slice(route.id.length + 1);
  return step.notifications.map((n) => ({
    ...n,
    id: `notify/${route.id}/${key || '-'}${n.openedBy === undefined ? '' : `@${n.openedBy}`}/${n.recipientId}/${n.sequence}`,
    routeId: route.id,
    groupKey: key,
    at: now,
    actions: n.alerts
      .map((a) => ({
        alertId: a.event.alertId,
        actions: actionsFor(config.protocols, a.event, n.recipientId),
      }))
      .filter((a) => a.actions.length > 0),
  }));
}

/** When to look again: the earliest group wake-up, or the next start or end of a silence. */
function nextWakeOf(
  config: RoutingConfig,
  state: RoutingState,
  silences: readonly Silence[],
  now: Instant,
): Instant | null {
  return earliest([
    ...Object.values(state.groups).map((g) => {
      const route = config.routes.get(g.routeId);
      return route ? groupWakeAt(g, route) : null;
    }),
    nextSilenceChange(silences, now),
  ]);
}

/** `label=value` for each of the route's `groupBy` labels (several values joined by `+`), joined by `/`. */
export function groupKeyOf(route: Pick<Route, 'groupBy'>, context: AlertContext): string {
  return route.groupBy
    .map((label) => `${label}=${[...labelValues(context, label)].sort().join('+') || '-'}`)
    .join('/');
}

export const groupIdOf = (routeId: string, key: string): string => `${routeId}|${key}`;
