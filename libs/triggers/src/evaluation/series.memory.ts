import { AlertEvent } from '@atalaya/contracts';
import { Trigger } from '../catalogue/trigger.schema';
import { evaluateBatch } from './batch.evaluator';
import { evaluate } from './evaluator';
import { byCodeUnits } from './order';
import { reconcile } from './reconcile';
import { initialState, EvaluatedObservation, TriggerState } from './types';

/** An observation with the revision it carries (1 when it says none). */
export type RevisedObservation = EvaluatedObservation & { readonly revision?: number };

/** What the engine knows of one trigger on one series: enough to take a late or revised observation. */
export interface SeriesMemory {
  /** The latest revision of each period, in period order. */
  readonly series: readonly RevisedObservation[];
  readonly state: TriggerState;
  /** Every event already published for this trigger and series, in publication order. */
  readonly said: readonly AlertEvent[];
}

export const emptyMemory: SeriesMemory = { series: [], state: initialState, said: [] };

/** The trigger run over a series from nothing, in period order: what it says of the series as it stands. */
export function fold(
  trigger: Trigger,
  series: readonly EvaluatedObservation[],
): { state: TriggerState; events: readonly AlertEvent[] } {
  const { changes, events } = evaluateBatch([trigger], () => undefined, series);
  return { state: changes[0]?.state ?? initialState, events };
}

/**
 * One observation of a series taken by one trigger. A new period after the latest is one evaluator step.
 * A late period, or a higher revision of a period already seen, re-runs the trigger over the corrected
 * series and restates what had been published (`reconcile`). A revision no higher than the one held
 * changes nothing. So the final state depends only on the final revisions, never on the order they came in.
 */
export function observe(
  trigger: Trigger,
  memory: SeriesMemory,
  obs: RevisedObservation,
): { memory: SeriesMemory; events: readonly AlertEvent[] } {
  const at = memory.series.findIndex((o) => o.period.start === obs.period.start);
  if (at >= 0 && revisionOf(memory.series[at]) >= revisionOf(obs)) return { memory, events: [] };
  const last = memory.state.lastPeriodStart;
  if (at < 0 && (last === null || obs.period.start > last)) {
    const step = evaluate(trigger, memory.state, obs);
    return {
      memory: {
        series: [...memory.series, obs],
        state: step.state,
        said: [...memory.said, ...step.events],
      },
      events: step.events,
    };
  }
  const series = (at >= 0 ? memory.series.filter((_, i) => i !== at) : [...memory.series])
    .concat(obs)
    .sort((a, b) => byCodeUnits(a.period.start, b.period.start));
  const replayed = fold(trigger, series);
  const events = reconcile(memory.said, replayed.events, obs.signalId);
  return { memory: { series, state: replayed.state, said: [...memory.said, ...events] }, events };
}

const revisionOf = (o: RevisedObservation): number => o.revision ?? 1;
