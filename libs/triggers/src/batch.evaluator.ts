import { byCodeUnits } from './order';
import type { AlertEvent } from '@atalaya/contracts';
import { appliesTo, evaluate, initialState, type EvaluatedObservation, type TriggerState } from './evaluator';
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
  const pairs = new Map<string, { triggerId: string; seriesKey: string }>();
  for (const o of observations) {
    for (const t of triggers) {
      if (appliesTo(t, o)) pairs.set(keyOf(t.id, o.seriesKey), { triggerId: t.id, seriesKey: o.seriesKey });
    }
  }
  return [...pairs.values()];
}

/**
 * Runs every applicable trigger over a batch, each series in event-time order, starting from the states
 * the caller loaded (`stateOf`, keyed by trigger id and series key; missing means never evaluated).
 * Observations are grouped by series once, and each trigger walks a series with a local state: no
 * per-observation keys or lookups on this path, which the backtest runs millions of times.
 */
export function evaluateBatch(
  triggers: readonly Trigger[],
  stateOf: (triggerId: string, seriesKey: string) => TriggerState | undefined,
  observations: readonly EvaluatedObservation[],
): BatchEvaluation {
  const changes: StateChange[] = [];
  const events: AlertEvent[] = [];
  for (const [seriesKey, series] of bySeries(observations)) {
    for (const trigger of triggers) {
      let state: TriggerState | undefined;
      for (const o of series) {
        if (!appliesTo(trigger, o)) continue;
        const result = evaluate(trigger, state ?? stateOf(trigger.id, seriesKey) ?? initialState, o);
        state = result.state;
        for (const e of result.events) events.push(e);
      }
      if (state) changes.push({ trigger, seriesKey, state });
    }
  }
  return { changes, events };
}

/** Observations grouped by series, each group in event-time order, the groups in key order. */
function bySeries(observations: readonly EvaluatedObservation[]): [string, EvaluatedObservation[]][] {
  const groups = new Map<string, EvaluatedObservation[]>();
  for (const o of observations) {
    const group = groups.get(o.seriesKey);
    if (group) group.push(o);
    else groups.set(o.seriesKey, [o]);
  }
  const sorted = [...groups].sort(([a], [b]) => byCodeUnits(a, b));
  sorted.forEach(([, group]) => group.sort((a, b) => byCodeUnits(a.period.start, b.period.start)));
  return sorted;
}
