import { AlertEvent } from '@atalaya/contracts';
import { Trigger } from '../catalogue/trigger.schema';
import { byCodeUnits } from '../evaluation/order';
import { Backtest } from './types';

/** One alert of a backtest, from the period that raised it to the one that resolved it. */
export interface AlertSpan {
  readonly alertId: string;
  readonly triggerId: string;
  readonly version: number;
  readonly seriesKey: string;
  /** Period start of the figure that raised it. */
  readonly raised: string;
  /** Period start of the figure that resolved it; null when it was still in force at the history's end. */
  readonly resolved: string | null;
  /** The highest level it reached. */
  readonly top: string;
  /** Warnings it gave: its firing, escalations and new-peak re-warnings. */
  readonly warnings: number;
}

/** An alert both versions raise, at other times or to another level. */
export interface MovedAlert {
  readonly before: AlertSpan;
  readonly after: AlertSpan;
  /** Months the raise moved: positive when the new version raises it later. */
  readonly raisedMonths: number;
  /** Months the resolution moved; null when either is still in force at the end. */
  readonly resolvedMonths: number | null;
}

/** The same history under two catalogues: what the second (a proposal) gains, loses and moves. */
export interface BacktestDiff {
  readonly gained: readonly AlertSpan[];
  readonly lost: readonly AlertSpan[];
  readonly moved: readonly MovedAlert[];
  /** Alerts raised, resolved and topped alike by both. */
  readonly unchanged: number;
}

/**
 * Compares the alerts of two backtests of one history, trigger by trigger and series by series. An alert of
 * one is the same alert as one of the other when they are of the same trigger and series and overlap in
 * time; of several that overlap, the earliest pair. Alerts that only announced a pending rise, and alerts
 * later cancelled, were never raised and do not count. `triggers` give the order of each trigger's levels
 * (a new version keeps its levels' names).
 */
export function diffBacktests(before: Backtest, after: Backtest, triggers: readonly Trigger[]): BacktestDiff {
  const rank: LevelRank = (id, level) =>
    triggers.find((t) => t.id === id)?.levels.findIndex((l) => l.name === level) ?? -1;
  const was = spansOf(before.events, rank);
  const is = spansOf(after.events, rank);
  const gained: AlertSpan[] = [];
  const lost: AlertSpan[] = [];
  const moved: MovedAlert[] = [];
  let unchanged = 0;
  for (const key of [...new Set([...was.keys(), ...is.keys()])].sort(byCodeUnits)) {
    const left = [...(was.get(key) ?? [])];
    const right = [...(is.get(key) ?? [])];
    for (const a of left) {
      const at = right.findIndex((b) => overlap(a, b));
      if (at < 0) {
        lost.push(a);
        continue;
      }
      const [b] = right.splice(at, 1);
      if (a.raised === b.raised && a.resolved === b.resolved && a.top === b.top) unchanged += 1;
      else moved.push(movedOf(a, b));
    }
    gained.push(...right);
  }
  return { gained, lost, moved, unchanged };
}

/** Where a level stands among its trigger's levels, lowest 0. */
type LevelRank = (triggerId: string, level: string) => number;

function spansOf(events: readonly AlertEvent[], rank: LevelRank): Map<string, AlertSpan[]> {
  const cancelled = new Set(events.filter((e) => e.type === 'cancelled').map((e) => e.alertId));
  const byAlert = new Map<string, AlertEvent[]>();
  for (const e of events) {
    if (cancelled.has(e.alertId)) continue;
    byAlert.set(e.alertId, [...(byAlert.get(e.alertId) ?? []), e]);
  }
  const spans = new Map<string, AlertSpan[]>();
  for (const [alertId, own] of byAlert) {
    const firing = own.find((e) => e.type === 'firing');
    if (!firing) continue;
    const reached = own.filter((e) => e.level !== null && e.type !== 'pending').map((e) => e.level as string);
    const top = reached.reduce((high, l) =>
      rank(firing.trigger.id, l) > rank(firing.trigger.id, high) ? l : high,
    );
    const span: AlertSpan = {
      alertId,
      triggerId: firing.trigger.id,
      version: firing.trigger.version,
      seriesKey: firing.seriesKey,
      raised: firing.evidence.period.start,
      resolved: own.find((e) => e.type === 'resolved')?.evidence.period.start ?? null,
      top,
      warnings: own.filter(isWarning).length,
    };
    const key = `${span.triggerId}\u0000${span.seriesKey}`;
    spans.set(key, [...(spans.get(key) ?? []), span]);
  }
  spans.forEach((list) => list.sort((a, b) => byCodeUnits(a.raised, b.raised)));
  return spans;
}

const isWarning = (e: AlertEvent): boolean =>
  e.type === 'firing' || e.type === 'escalated' || (e.type === 'updated' && e.evidence.reason === 'new-peak');

function overlap(a: AlertSpan, b: AlertSpan): boolean {
  return (a.resolved === null || b.raised <= a.resolved) && (b.resolved === null || a.raised <= b.resolved);
}

function movedOf(a: AlertSpan, b: AlertSpan): MovedAlert {
  return {
    before: a,
    after: b,
    raisedMonths: monthsBetween(a.raised, b.raised),
    resolvedMonths: a.resolved === null || b.resolved === null ? null : monthsBetween(a.resolved, b.resolved),
  };
}

function monthsBetween(from: string, to: string): number {
  const index = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
  return index(to) - index(from);
}
