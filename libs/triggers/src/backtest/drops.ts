import { AlertEvent } from '@atalaya/contracts';
import { byCodeUnits } from '../evaluation/order';
import { cancelledAlerts, concerns, KnownEvent, KnownEvents, matchesSeries, monthIndex } from './scoring';
import { Backtest, WatchedSeries } from './types';

/** An alert in force when a documented drop began, and how long it took to follow the drop down. */
export interface DropFollowed {
  readonly dropId: string;
  readonly from: string;
  readonly triggerId: string;
  readonly alertId: string;
  readonly seriesKey: string;
  /** The level it stood at when the drop began. */
  readonly level: string;
  /** The period of its first resolution or de-escalation from the drop's start on; null if none came. */
  readonly followedAt: string | null;
  readonly followedBy: 'resolved' | 'de-escalated' | 'updated' | null;
  /** Months from the drop's first month to `followedAt`; null when it never followed. */
  readonly afterMonths: number | null;
}

/**
 * Follows every alert in force on a documented drop's series when the drop began (kind `drop` in the
 * known-events file) to its first step down: a resolution, a de-escalation, or a restatement at a lower
 * level when a new version took effect. What an early-warning system owes a drop is to stand down soon.
 */
export function scoreDrops(
  result: Backtest,
  known: KnownEvents,
  watched: Readonly<Record<string, readonly WatchedSeries[]>>,
  rank: (triggerId: string, level: string) => number,
): DropFollowed[] {
  const cancelled = cancelledAlerts(result.events);
  const events = result.events
    .filter((e) => !cancelled.has(e.alertId) && e.type !== 'pending')
    .sort((a, b) => byCodeUnits(a.evidence.period.start, b.evidence.period.start));
  return known.events
    .filter((k) => k.kind === 'drop')
    .flatMap((k) =>
      result.activity
        .filter((a) => concerns(k, a.triggerId, watched[a.triggerId] ?? [], 0))
        .flatMap((a) =>
          inForceAt(
            k,
            events.filter((e) => e.trigger.id === a.triggerId),
          ),
        )
        .map((open) => followed(k, open, events, rank)),
    );
}

/** The alerts of one trigger on the drop's series that stood at a level when it began. */
function inForceAt(k: KnownEvent, events: readonly AlertEvent[]): AlertEvent[] {
  const latest = new Map<string, AlertEvent>();
  events
    .filter((e) => matchesSeries(k.series, e.seriesKey) && e.evidence.period.start < k.from)
    .forEach((e) => latest.set(e.seriesKey, e));
  return [...latest.values()].filter((e) => e.level !== null);
}

function followed(
  k: KnownEvent,
  open: AlertEvent,
  events: readonly AlertEvent[],
  rank: (triggerId: string, level: string) => number,
): DropFollowed {
  const level = open.level as string;
  const down = events.find(
    (e) =>
      e.alertId === open.alertId &&
      e.evidence.period.start >= k.from &&
      (e.type === 'resolved' ||
        e.type === 'de-escalated' ||
        (e.type === 'updated' &&
          (e.level === null || rank(e.trigger.id, e.level) < rank(e.trigger.id, level)))),
  );
  const at = down?.evidence.period.start ?? null;
  return {
    dropId: k.id,
    from: k.from,
    triggerId: open.trigger.id,
    alertId: open.alertId,
    seriesKey: open.seriesKey,
    level,
    followedAt: at,
    followedBy: (down?.type as DropFollowed['followedBy']) ?? null,
    afterMonths: at === null ? null : monthIndex(at) - monthIndex(k.from),
  };
}
