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
 */
export function evaluateBatch(
  triggers: readonly Trigger[],
  stateOf: (triggerId: string, seriesKey: string) => TriggerState | undefined,
  observations: readonly EvaluatedObservation[],
): BatchEvaluation {
  const ordered = [...observations].sort(
    (a, b) => byCodeUnits(a.seriesKey, b.seriesKey) || byCodeUnits(a.period.start, b.period.start),
  );
  const changed = new Map<string, StateChange>();
  const events: AlertEvent[] = [];
  for (const o of ordered) {
    for (const trigger of triggers) {
      if (!appliesTo(trigger, o)) continue;
      const key = keyOf(trigger.id, o.seriesKey);
      const before = changed.get(key)?.state ?? stateOf(trigger.id, o.seriesKey) ?? initialState;
      const result = evaluate(trigger, before, o);
      changed.set(key, { trigger, seriesKey: o.seriesKey, state: result.state });
      events.push(...result.events);
    }
  }
  return { changes: [...changed.values()], events };
}
