import { Trigger } from '../catalogue/trigger.schema';
import { appliesTo } from './evaluator';
import { RevisedObservation } from './series.memory';
import { TriggerState } from './types';

/** An observation as it reaches the engine: possibly a higher revision of a period already stored. */
export type Arrival = RevisedObservation & { readonly supersedes?: string };

export interface ArrivalSplit {
  /** Series whose new observations all come after everything their triggers have seen: plain steps. */
  readonly inOrder: readonly Arrival[];
  /** Series with a late period or a revision, each with its observations in arrival order. */
  readonly late: ReadonlyMap<string, readonly Arrival[]>;
}

/**
 * Sorts a batch into the series that only move forward, which the evaluator takes step by step from their
 * state, and the series that need their history: a revision, a period no later than one a trigger has
 * already seen, or a period repeated within the batch.
 */
export function splitByArrival(
  triggers: readonly Trigger[],
  stateOf: (triggerId: string, seriesKey: string) => TriggerState | undefined,
  batch: readonly Arrival[],
): ArrivalSplit {
  const bySeries = new Map<string, Arrival[]>();
  for (const o of batch) {
    const group = bySeries.get(o.seriesKey);
    if (group) group.push(o);
    else bySeries.set(o.seriesKey, [o]);
  }
  const inOrder: Arrival[] = [];
  const late = new Map<string, Arrival[]>();
  for (const [seriesKey, group] of bySeries) {
    const forward = group.every(
      (o, i) => o.supersedes === undefined && (i === 0 || o.period.start > group[i - 1].period.start),
    );
    const fresh = triggers.every((t) => {
      const first = group.find((o) => appliesTo(t, o));
      const last = first && stateOf(t.id, seriesKey)?.lastPeriodStart;
      return !first || !last || first.period.start > last;
    });
    if (forward && fresh) inOrder.push(...group);
    else late.set(seriesKey, group);
  }
  return { inOrder, late };
}
