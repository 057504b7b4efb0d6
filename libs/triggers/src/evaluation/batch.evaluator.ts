import { AlertEvent } from '@atalaya/contracts';
import { Trigger } from '../catalogue/trigger.schema';
import { compile } from './compiled.trigger';
import { BatchColumns } from './batch.columns';
import { walkSeries } from './compiled.walk';
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
 * so observations are read once into columns series by series (batch.columns.ts), a trigger whose scope misses a series is passed
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
  const columns = new BatchColumns(observations);
  for (const series of columns.series) {
    for (const c of compiled) {
      if (series.alike && !c.covers(columns.observations[series.from])) continue;
      const load = () => stateOf(c.trigger.id, series.key) ?? initialState;
      const state = walkSeries(c, columns, series, load, events);
      if (state) changes.push({ trigger: c.trigger, seriesKey: series.key, state });
    }
  }
  return { changes, events };
}
