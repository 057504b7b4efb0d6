import { DateTime, Duration } from 'luxon';
import { AlertEvent } from '@atalaya/contracts';
import { Trigger } from '../catalogue/trigger.schema';
import { byCodeUnits } from '../evaluation/order';
import { initialState, EvaluatedObservation } from '../evaluation/types';
import {
  evaluateSilence,
  silenceSeriesKey,
  silentObservations,
  Heard,
  Silence,
  SilenceTick,
  SilenceWatch,
} from '../silence/silence';
import { WatchedSeries } from './types';

/**
 * The clock a backtest gives a history, which records figures but not when they arrived: each figure is
 * taken as received `receivedAfter` after its period ends, and the clock stops at `until`.
 */
export interface ReceiptClock {
  readonly receivedAfter: Duration;
  /** Reports received up to this instant are heard; deadlines before it are counted. */
  readonly until: string;
}

/** A no-data trigger run over a history on a `ReceiptClock`. */
export interface ReplayedSilence {
  /** The alert events `evaluateSilence` raises, reporter by reporter in the watch's order. */
  readonly events: readonly AlertEvent[];
  /** The derived series' points it evaluated (missed reports, and 0 when heard again): for a chart. */
  readonly observations: readonly EvaluatedObservation[];
  /** Each reporter heard, from the day of its first report to the day the clock stops: for scoring. */
  readonly watched: readonly WatchedSeries[];
}

/** A delay of receipt as a duration: an ISO 8601 duration of zero or more, such as P15D, P1M or PT0S. */
export function parseReceivedAfter(iso: string): Duration {
  const after = Duration.fromISO(iso);
  if (!after.isValid || after.toMillis() < 0) {
    throw new Error(`"${iso}" is not an ISO 8601 duration of zero or more, such as P15D, P1M or PT0S`);
  }
  return after;
}

/** When a figure is taken as received: `after` past the end of its period's last day, in UTC. */
export function receivedAt(period: { readonly end: string }, after: Duration): string {
  const endOfPeriod = DateTime.fromISO(period.end, { zone: 'utc' }).startOf('day').plus({ days: 1 });
  return endOfPeriod.plus(after).toJSDate().toISOString();
}

/** When the history's last figure is received: where a backtest stops the clock. Null for no figures. */
export function lastReceipt(history: readonly EvaluatedObservation[], after: Duration): string | null {
  const latestEnd = history.reduce<string | null>(
    (latest, o) => (latest === null || o.period.end > latest ? o.period.end : latest),
    null,
  );
  return latestEnd === null ? null : receivedAt({ end: latestEnd }, after);
}

const never: Silence = { state: initialState, since: null };

/**
 * A no-data trigger over a history, as the engine's watch would have run it had every figure arrived on
 * `clock`: each reporter's reports in one tick from an empty silence, through the engine's own
 * `evaluateSilence`, with no cap on the steps. One tick gives what many would, since the ids of the
 * events depend on when reports arrived, never on when ticks ran.
 */
export function replaySilence(
  watch: SilenceWatch,
  history: readonly EvaluatedObservation[],
  clock: ReceiptClock,
): ReplayedSilence {
  const heard = heardReports(watch.trigger, history, clock);
  const events: AlertEvent[] = [];
  const observations: EvaluatedObservation[] = [];
  const watched: WatchedSeries[] = [];
  for (const { reporter, every } of watch.reporters) {
    const reports = heard.get(reporter);
    if (!reports) continue;
    const tick: SilenceTick = { heard: reports, until: clock.until };
    events.push(...evaluateSilence(watch.trigger, every, reporter, never, tick, Infinity).events);
    observations.push(...silentObservations(every, reporter, never, tick, Infinity).observations);
    watched.push({
      seriesKey: silenceSeriesKey(reporter),
      first: reports[0].at.slice(0, 10),
      last: clock.until.slice(0, 10),
    });
  }
  return { events, observations, watched };
}

/**
 * What the engine's repository would hear from each reporter: figures in the trigger's scope received by
 * the end of the clock, one report per receipt time (the least signal id of those received together),
 * oldest first.
 */
function heardReports(
  trigger: Trigger,
  history: readonly EvaluatedObservation[],
  clock: ReceiptClock,
): Map<string, Heard[]> {
  const { indicators, places } = trigger.scope;
  const byReporter = new Map<string, Map<string, string>>();
  for (const o of history) {
    if (!indicators.includes(o.indicator)) continue;
    if (places && (o.location.place === undefined || !places.includes(o.location.place))) continue;
    const at = receivedAt(o.period, clock.receivedAfter);
    if (at > clock.until) continue;
    const times = byReporter.get(o.reporter) ?? new Map<string, string>();
    const held = times.get(at);
    if (held === undefined || byCodeUnits(o.signalId, held) < 0) times.set(at, o.signalId);
    byReporter.set(o.reporter, times);
  }
  return new Map(
    [...byReporter].map(([reporter, times]) => [
      reporter,
      [...times].sort(([a], [b]) => byCodeUnits(a, b)).map(([at, signalId]) => ({ at, signalId })),
    ]),
  );
}
