import { AlertEvent } from '@atalaya/contracts';
import { CorridorStep } from '@atalaya/reference';
import { Trigger } from '../catalogue/trigger.schema';
import { deriveSeries, isDerived, isPerSeries } from '../derived/derived.series';
import { evaluateBatch } from '../evaluation/batch.evaluator';
import { byCodeUnits } from '../evaluation/order';
import { EvaluatedObservation } from '../evaluation/types';
import { SilenceWatch } from '../silence/silence';
import { replaySilence, ReceiptClock } from './silence.backtest';
import { Backtest, TriggerActivity } from './types';

/** What no-data triggers need to run over a history: whom they watch, and the receipt times it lacks. */
export interface SilenceReplay extends ReceiptClock {
  /** `silenceWatches` of the catalogue: each no-data trigger's reporters and their expected-every. */
  readonly watches: readonly SilenceWatch[];
}

/** The order of a backtest's events: by the period that raised them, then by series. */
export function byPeriodThenSeries(a: AlertEvent, b: AlertEvent): number {
  return (
    byCodeUnits(a.evidence.period.start, b.evidence.period.start) || byCodeUnits(a.seriesKey, b.seriesKey)
  );
}

/**
 * The catalogue run over a history with the engine's own evaluator, every series from an empty state in
 * event-time order: what the triggers would have raised had they been in force. Ratio and corridor triggers
 * run over the series derived from the history (corridors need their steps for the lags). No-data triggers
 * watch the engine's clock, which a history does not have: they raise nothing without `silence`, and with
 * it run on its receipt times through the engine's `evaluateSilence` (`replaySilence`).
 */
export function backtest(
  triggers: readonly Trigger[],
  history: readonly EvaluatedObservation[],
  corridorSteps: (corridor: string) => readonly CorridorStep[] | undefined = () => undefined,
  silence?: SilenceReplay,
): Backtest {
  const perSeries = triggers.filter(isPerSeries);
  const events = [...evaluateBatch(perSeries, () => undefined, history).events];
  for (const t of triggers.filter(isDerived)) {
    events.push(...evaluateBatch([t], () => undefined, deriveSeries(t, history, corridorSteps)).events);
  }
  if (silence) {
    const watches = silence.watches.filter((w) => triggers.some((t) => t.id === w.trigger.id));
    for (const watch of watches) events.push(...replaySilence(watch, history, silence).events);
  }
  const ordered = events.sort(byPeriodThenSeries);
  const activity = triggers.map((t) => activityOf(t, t.version, ordered));
  return { observations: history.length, events: ordered, activity };
}

/** What one trigger did in a backtest: its events, and the alerts it raised by the year of their figure. */
export function activityOf(t: Trigger, version: number, events: readonly AlertEvent[]): TriggerActivity {
  const own = events.filter((e) => e.trigger.id === t.id);
  const firingsByYear: Record<string, number> = {};
  own
    .filter((e) => e.type === 'firing')
    .forEach((e) => {
      const year = e.evidence.period.start.slice(0, 4);
      firingsByYear[year] = (firingsByYear[year] ?? 0) + 1;
    });
  return { triggerId: t.id, version, shadow: t.shadow, firingsByYear, events: own.length };
}
