import type { AlertEvent, Observation } from '@atalaya/contracts';
import {
  evaluateBatch,
  isPerSeries,
  splitByArrival,
  type Catalogue,
  type Trigger,
  type TriggerState,
} from '@atalaya/triggers';

const keyOf = (triggerId: string, seriesKey: string) => `${triggerId}\u0000${seriesKey}`;

/**
 * The catalogue's per-series triggers run on one observation at a time with the engine's evaluator, the
 * state of each (trigger, series) in a Map of the process, as a service written from the tutorials keeps
 * it. An observation that does not move its series forward (a re-sent, late or revised period) is stored
 * but not evaluated: re-running history is the engine's work, which this baseline leaves out. Ratio,
 * corridor and no-data triggers are left out too, so the baseline does less per message than the engine.
 */
export class NaiveEvaluator {
  private readonly triggers: readonly Trigger[];
  private readonly states = new Map<string, TriggerState>();

  constructor(catalogue: Catalogue) {
    this.triggers = catalogue.triggers.filter(isPerSeries);
  }

  evaluate(observation: Observation): readonly AlertEvent[] {
    const stateOf = (triggerId: string, seriesKey: string) => this.states.get(keyOf(triggerId, seriesKey));
    const { inOrder } = splitByArrival(this.triggers, stateOf, [observation]);
    const { changes, events } = evaluateBatch(this.triggers, stateOf, inOrder);
    for (const c of changes) this.states.set(keyOf(c.trigger.id, c.seriesKey), c.state);
    return events;
  }
}
