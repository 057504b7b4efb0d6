import { byCodeUnits } from './order';
import type { AlertEvent } from '@atalaya/contracts';
import { compile } from './compiled.trigger';
import { walkSeries } from './compiled.walk';
import { initialState, type EvaluatedObservation, type TriggerState } from './evaluator';
import type { Trigger } from './trigger.schema';

export interface StateChange {
  readonly trigger: Trigger;
  readonly seriesKey: string;
  readonly state: TriggerState;
}

export interface BatchEvaluation {
  readonly changes: readonly StateChange[];
  readonly events: readonly AlertEvent[];
}

const keyOf = (triggerId: string, seriesKey: string) => `${triggerId}\u0000${seriesKey}`;

/** The (trigger, series) pairs a batch touches: what the caller must load state for. */
export function touchedPairs(
  triggers: readonly Trigger[],
  observations: readonly EvaluatedObservation[],
): { triggerId: string; seriesKey: string }[] {
  const compiled = triggers.map(compile);
  const pairs = new Map<string, { triggerId: string; seriesKey: string }>();
  for (const o of observations) {
    for (const c of compiled) {
      if (c.applies(o))
        pairs.set(keyOf(c.trigger.id, o.seriesKey), { triggerId: c.trigger.id, seriesKey: o.seriesKey });
    }
  }
  return [...pairs.values()];
}

/**
 * Runs every applicable trigger over a batch, each series in event-time order, starting from the states
 * the caller loaded (`stateOf`, keyed by trigger id and series key; missing means never evaluated). The
 * result is exactly that of folding `evaluate` over each series; the backtest runs this millions of times,
 * so observations are grouped by series once, a trigger whose scope misses a series is passed over once
 * for the whole series, and each trigger, compiled once, walks a series with one working state
 * (compiled.walk.ts).
 */
export function evaluateBatch(
  triggers: readonly Trigger[],
  stateOf: (triggerId: string, seriesKey: string) => TriggerState | undefined,
  observations: readonly EvaluatedObservation[],
): BatchEvaluation {
  const compiled = triggers.map(compile);
  const changes: StateChange[] = [];
  const events: AlertEvent[] = [];
  for (const { seriesKey, series, alike } of bySeries(observations)) {
    for (const c of compiled) {
      if (alike && !c.covers(series[0])) continue;
      const load = () => stateOf(c.trigger.id, seriesKey) ?? initialState;
      const state = walkSeries(c, series, alike, load, events);
      if (state) changes.push({ trigger: c.trigger, seriesKey, state });
    }
  }
  return { changes, events };
}

interface SeriesGroup {
  readonly seriesKey: string;
  /** In event-time order. */
  readonly series: EvaluatedObservation[];
  /** Every observation has the first one's indicator, reporter and place, so one scope check does for all. */
  readonly alike: boolean;
}

/** Observations grouped by series, each group in event-time order, the groups in key order. */
function bySeries(observations: readonly EvaluatedObservation[]): SeriesGroup[] {
  const groups = new Map<string, EvaluatedObservation[]>();
  // Observations of a series mostly arrive together: look the group up only when the series changes.
  let key: string | undefined;
  let group: EvaluatedObservation[] = [];
  for (let i = 0; i < observations.length; i++) {
    const o = observations[i];
    if (o.seriesKey !== key) {
      key = o.seriesKey;
      group = groups.get(key) ?? [];
      if (group.length === 0) groups.set(key, group);
    }
    group.push(o);
  }
  return [...groups]
    .sort(([a], [b]) => byCodeUnits(a, b))
    .map(([seriesKey, series]) => ({ seriesKey, series: inEventTimeOrder(series), alike: alike(series) }));
}

/** Sorts a series by period start, stably, unless it already is in that order (as it mostly is). */
function inEventTimeOrder(series: EvaluatedObservation[]): EvaluatedObservation[] {
  for (let i = 1; i < series.length; i++) {
    if (series[i].period.start < series[i - 1].period.start) {
      return series.sort((a, b) => byCodeUnits(a.period.start, b.period.start));
    }
  }
  return series;
}

function alike(series: readonly EvaluatedObservation[]): boolean {
  const { indicator, reporter, location } = series[0];
  for (let i = 1; i < series.length; i++) {
    const o = series[i];
    if (o.indicator !== indicator || o.reporter !== reporter || o.location.place !== location.place)
      return false;
  }
  return true;
}
