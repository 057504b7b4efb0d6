import { AlertEvent } from '@atalaya/contracts';
import { Trigger } from '../catalogue/trigger.schema';
import { compile } from './compiled.trigger';
import { SeriesColumns, walkSeries } from './compiled.walk';
import { byCodeUnits } from './order';
import { initialState, EvaluatedObservation, TriggerState } from './types';

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
 * so observations are read once into columns per series, a trigger whose scope misses a series is passed
 * over once for the whole series, and each trigger, compiled once, walks a series with one working state
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
  for (const series of bySeries(observations)) {
    for (const c of compiled) {
      if (series.alike && !c.covers(series.observations[0])) continue;
      const load = () => stateOf(c.trigger.id, series.key) ?? initialState;
      const state = walkSeries(c, series, load, events);
      if (state) changes.push({ trigger: c.trigger, seriesKey: series.key, state });
    }
  }
  return { changes, events };
}

/** Observations grouped by series, each group in event-time order, the groups in key order. */
function bySeries(observations: readonly EvaluatedObservation[]): SeriesColumns[] {
  const indexes = new Map<string, number>();
  const keys: string[] = [];
  const sizes: number[] = [];
  const seriesOf = new Int32Array(observations.length);
  // A history read series by series repeats a key row after row: the lookup is skipped while it does.
  let key: string | undefined;
  let index = -1;
  for (let i = 0; i < observations.length; i++) {
    const k = observations[i].seriesKey;
    if (k !== key) {
      key = k;
      index = indexes.get(k) ?? keys.length;
      if (index === keys.length) {
        indexes.set(k, index);
        keys.push(k);
        sizes.push(0);
      }
    }
    seriesOf[i] = index;
    sizes[index]++;
  }
  const series = keys.map((k, i) => new SeriesColumns(k, sizes[i]));
  for (let i = 0; i < observations.length; i++) series[seriesOf[i]].add(observations[i]);
  return series.sort((a, b) => byCodeUnits(a.key, b.key)).map((s) => s.inEventTimeOrder());
}
