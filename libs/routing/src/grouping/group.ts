import { earliest, Instant, millis, plus } from '../time';
import {
  Delivery,
  GroupedAlert,
  GroupNotification,
  GroupSettings,
  GroupState,
  GroupStep,
  Muted,
  NotifiedAlert,
  NotifiedStatus,
} from './group.types';

/** A new, empty group; its first notification waits `groupWait` from now. */
export function openGroup(routeId: string, key: string, now: Instant, openedBy?: string): GroupState {
  return {
    routeId,
    key,
    createdAt: now,
    ...(openedBy === undefined ? {} : { openedBy }),
    lastFlushAt: null,
    alerts: {},
    deliveries: {},
  };
}

const ended = (a: GroupedAlert): boolean => a.event.type === 'resolved' || a.event.type === 'cancelled';

function statusOf(a: GroupedAlert): NotifiedStatus {
  if (a.event.type === 'resolved' || a.event.type === 'cancelled') return a.event.type;
  return a.event.type === 'pending' ? 'pending' : 'firing';
}

/**
 * Takes an alert's latest event into the group (a group that does not exist yet is opened) and sends what
 * is due now: with a `groupWait` of zero, or after a quiet spell longer than `groupInterval`, at once.
 */
export function groupEvent(
  group: GroupState | undefined,
  routeId: string,
  key: string,
  alert: GroupedAlert,
  now: Instant,
  settings: GroupSettings,
  muted: Muted,
): GroupStep {
  const open = group ?? openGroup(routeId, key, now, alert.event.eventId);
  const next = { ...open, alerts: { ...open.alerts, [alert.event.alertId]: alert } };
  return groupTick(next, now, settings, muted);
}

/**
 * When the group should next be looked at, as Alertmanager's aggregation group would flush it: `groupWait`
 * after it opened, then never sooner than `groupInterval` after its last flush: at that time if some
 * recipient has yet to hear something, else when the first recipient's `repeatInterval` runs out.
 */
export function groupWakeAt(group: GroupState, settings: GroupSettings): Instant | null {
  if (Object.keys(group.alerts).length === 0) return null;
  if (group.lastFlushAt === null) return plus(group.createdAt, settings.groupWait);
  const spaced = plus(group.lastFlushAt, settings.groupInterval);
  const alerts = Object.values(group.alerts);
  const unsent = settings.receivers.some((r) => alerts.some((a) => changedFor(group.deliveries[r], a)));
  if (unsent || alerts.every(ended)) return spaced;
  const repeatAt = earliest(
    settings.receivers.map((r) =>
      group.deliveries[r] ? plus(group.deliveries[r].at, settings.repeatInterval) : null,
    ),
  );
  return repeatAt !== null && millis(repeatAt) > millis(spaced) ? repeatAt : spaced;
}

/** Whether a recipient has yet to hear the alert's latest event (an end only if it heard the alert). */
function changedFor(delivery: Delivery | undefined, alert: GroupedAlert): boolean {
  const sent = delivery?.events[alert.event.alertId];
  return ended(alert) ? sent !== undefined : sent !== alert.event.eventId;
}

/**
 * Sends what is due at `now`, or nothing before the group's wake-up time. At a flush each recipient is
 * sent the alerts it may see if any is new or changed for it (`first` or `update`), or, when nothing
 * changed, again once `repeatInterval` has passed since its last notification (`repeat`). Ended alerts are
 * told to the recipients that had heard them, then dropped; a group left without alerts is forgotten.
 */
export function groupTick(group: GroupState, now: Instant, settings: GroupSettings, muted: Muted): GroupStep {
  const wake = groupWakeAt(group, settings);
  if (wake === null) return { group: null, notifications: [], nextWakeAt: null };
  if (millis(wake) > millis(now)) return { group, notifications: [], nextWakeAt: wake };
  const alerts = Object.values(group.alerts).sort((a, b) => byId(a.event.alertId, b.event.alertId));
  const notifications: GroupNotification[] = [];
  const deliveries: Record<string, Delivery> = {};
  for (const recipientId of settings.receivers) {
    const before = group.deliveries[recipientId];
    const visible = alerts.filter((a) => !muted(recipientId, a.context));
    const shown = visible.filter((a) => !ended(a) || before?.events[a.event.alertId] !== undefined);
    const changed = shown.some((a) => changedFor(before, a));
    const repeat =
      !changed &&
      before !== undefined &&
      shown.length > 0 &&
      millis(plus(before.at, settings.repeatInterval)) <= millis(now);
    const kept = before
      ? Object.entries(before.events).filter(([id]) => group.alerts[id] && !ended(group.alerts[id]))
      : [];
    if (!changed && !repeat) {
      if (before) deliveries[recipientId] = { ...before, events: Object.fromEntries(kept) };
      continue;
    }
    const sequence = (before?.sequence ?? 0) + 1;
    notifications.push({
      recipientId,
      reason: before === undefined ? 'first' : changed ? 'update' : 'repeat',
      sequence,
      ...(group.openedBy === undefined ? {} : { openedBy: group.openedBy }),
      alerts: shown.map((a): NotifiedAlert => ({ ...a, status: statusOf(a) })),
    });
    const sent = shown
      .filter((a) => !ended(a))
      .map((a): [string, string] => [a.event.alertId, a.event.eventId]);
    deliveries[recipientId] = { at: now, sequence, events: Object.fromEntries([...kept, ...sent]) };
  }
  const remaining = Object.fromEntries(alerts.filter((a) => !ended(a)).map((a) => [a.event.alertId, a]));
  const next: GroupState = { ...group, lastFlushAt: now, alerts: remaining, deliveries };
  if (Object.keys(remaining).length === 0) return { group: null, notifications, nextWakeAt: null };
  return { group: next, notifications, nextWakeAt: groupWakeAt(next, settings) };
}

const byId = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
