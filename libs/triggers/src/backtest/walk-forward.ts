import { AlertEvent } from '@atalaya/contracts';
import { CorridorStep } from '@atalaya/reference';
import { Trigger } from '../catalogue/trigger.schema';
import { CalibrationSettings, defaultCalibration } from '../calibration/calibration.settings';
import { NotRecalibrated, recalibrate } from '../calibration/recalibrate';
import { deriveSeries, isDerived } from '../derived/derived.series';
import { evaluateBatch } from '../evaluation/batch.evaluator';
import { appliesTo } from '../evaluation/evaluator';
import { byCodeUnits } from '../evaluation/order';
import { initialState, EvaluatedObservation, TriggerState } from '../evaluation/types';
import { passToVersion } from '../governance/version.pass';
import { activityOf, byPeriodThenSeries } from './backtest';
import { Backtest, WatchedSeries } from './types';

/** One year of a walk-forward backtest: the catalogue recalibrated that January, and what it raised. */
export interface WalkForwardYear {
  readonly year: number;
  /** The triggers in force that year: each recalibrated on the years before it, or kept as it is. */
  readonly catalogue: readonly Trigger[];
  /** Recalibrated that January. */
  readonly recalibrated: readonly string[];
  /** Left out that year: calibrated on data, but too little of it before the year. */
  readonly leftOut: readonly NotRecalibrated[];
  /** Events whose figures fall in the year, the passing of open alerts to the new versions included. */
  readonly events: readonly AlertEvent[];
}

export interface WalkForward {
  readonly settings: CalibrationSettings;
  readonly years: readonly WalkForwardYear[];
  /** Every year's events in one backtest, for scoring: each event says which version raised it. */
  readonly backtest: Backtest;
  /** The series each trigger evaluated, over the years it was in force. */
  readonly watched: Readonly<Record<string, readonly WatchedSeries[]>>;
}

/**
 * The catalogue in force each year of a walk forward: recalibrated every January on the trailing years
 * before it (`recalibrate`), so no year's levels saw a figure of that year or later. A trigger the method
 * calibrates but could not (too little history before the year) is left out of that year; one it does not
 * calibrate (no-data, ratio, rate of change…) keeps its version. Each year's versions are numbered on from
 * the year before and `adopted`, as the states would have made them.
 */
export function walkForwardCatalogues(
  triggers: readonly Trigger[],
  history: readonly EvaluatedObservation[],
  years: readonly number[],
  settings: CalibrationSettings = defaultCalibration,
): Omit<WalkForwardYear, 'events'>[] {
  let latest = new Map(triggers.map((t) => [t.id, t]));
  return years.map((year) => {
    // Levels depend on the figures alone, so each year recalibrates the catalogue as given (where corridor
    // members still name their national levels), numbered on from the version of the year before.
    const run = recalibrate(triggers, history, `${year}-01`, settings);
    const adopted = run.proposals.map((p) => ({
      ...p.to,
      version: (latest.get(p.triggerId)?.version ?? p.from.version) + 1,
      status: 'adopted' as const,
      // In force for the year by the walk itself; over the years before, it reads the history it takes over.
      effective: undefined,
    }));
    latest = new Map([...latest, ...adopted.map((t) => [t.id, t] as const)]);
    const leftOut = run.skipped.filter((s) => s.calibrates);
    const catalogue = triggers
      .filter((t) => !leftOut.some((s) => s.triggerId === t.id))
      .map((t) => latest.get(t.id) as Trigger);
    return { year, catalogue, recalibrated: adopted.map((t) => t.id), leftOut };
  });
}

/**
 * A walk-forward backtest, year by year: each year's figures run under the catalogue recalibrated that
 * January on the years before it (`walkForwardCatalogues`), so every year is out of sample. At each January
 * the alerts in force pass to the new versions as the engine passes them (`passToVersion`): restated under
 * the same id, or resolved when the new levels no longer support them. No-data triggers are left out: a
 * history has no receipt times.
 */
export function walkForward(
  triggers: readonly Trigger[],
  history: readonly EvaluatedObservation[],
  years: readonly number[],
  corridorSteps: (corridor: string) => readonly CorridorStep[] | undefined = () => undefined,
  settings: CalibrationSettings = defaultCalibration,
): WalkForward {
  const evaluated = triggers.filter((t) => t.condition.type !== 'no_data');
  const states = new Map<string, { trigger: Trigger; state: TriggerState }>();
  const watched = new Map<string, Map<string, { first: string; last: string }>>();
  const walked = walkForwardCatalogues(evaluated, history, years, settings).map((y) => {
    const start = `${y.year}-01-01`;
    const until = `${y.year + 1}-01-01`;
    const known = history.filter((o) => o.period.start < until);
    const events: AlertEvent[] = [];
    for (const t of y.catalogue) {
      for (const [seriesKey, series] of seriesOf(t, known, corridorSteps)) {
        const before = series.filter((o) => o.period.start < start);
        const during = series.filter((o) => o.period.start >= start);
        const key = `${t.id}\u0000${seriesKey}`;
        const held = states.get(key);
        // A version taking effect passes the series' alert to it; a trigger new to the catalogue takes the
        // series from nothing, with what it would say of the years before.
        const passed =
          held?.trigger.version === t.version
            ? undefined
            : passToVersion(t, {
                previousVersion: held?.trigger.version ?? t.version,
                state: held?.state ?? initialState,
                seriesKey,
                series: before,
              });
        events.push(...(passed?.events ?? []));
        const from = passed?.state ?? held?.state;
        const run = evaluateBatch([t], () => from, during);
        events.push(...run.events);
        const state = run.changes[0]?.state ?? from;
        if (state) states.set(key, { trigger: t, state });
        if (during.length > 0) remember(watched, t.id, seriesKey, during);
      }
    }
    return { ...y, events: events.sort(byPeriodThenSeries) };
  });
  const events = walked.flatMap((y) => y.events).sort(byPeriodThenSeries);
  return {
    settings,
    years: walked,
    backtest: { observations: history.length, events, activity: activities(evaluated, walked, events) },
    watched: Object.fromEntries(
      evaluated.map((t) => [
        t.id,
        [...(watched.get(t.id) ?? new Map<string, { first: string; last: string }>())]
          .map(([seriesKey, range]) => ({ seriesKey, ...range }))
          .sort((a, b) => byCodeUnits(a.seriesKey, b.seriesKey)),
      ]),
    ),
  };
}

/** The series a trigger evaluates in a history, each in period order: derived ones for ratio and corridor. */
function seriesOf(
  t: Trigger,
  history: readonly EvaluatedObservation[],
  corridorSteps: (corridor: string) => readonly CorridorStep[] | undefined,
): Map<string, EvaluatedObservation[]> {
  const observations = isDerived(t) ? deriveSeries(t, history, corridorSteps) : history;
  const bySeries = new Map<string, EvaluatedObservation[]>();
  for (const o of observations) {
    if (!appliesTo(t, o)) continue;
    bySeries.set(o.seriesKey, [...(bySeries.get(o.seriesKey) ?? []), o]);
  }
  bySeries.forEach((s) => s.sort((a, b) => byCodeUnits(a.period.start, b.period.start)));
  return new Map([...bySeries].sort(([a], [b]) => byCodeUnits(a, b)));
}

function remember(
  watched: Map<string, Map<string, { first: string; last: string }>>,
  triggerId: string,
  seriesKey: string,
  during: readonly EvaluatedObservation[],
): void {
  const own = watched.get(triggerId) ?? new Map<string, { first: string; last: string }>();
  const range = own.get(seriesKey);
  const first = during[0].period.start;
  const last = during[during.length - 1].period.start;
  own.set(seriesKey, { first: range?.first ?? first, last });
  watched.set(triggerId, own);
}

/** Each trigger's activity over the walk, under the version of the last year it was in force. */
function activities(
  triggers: readonly Trigger[],
  years: readonly WalkForwardYear[],
  events: readonly AlertEvent[],
): Backtest['activity'] {
  return triggers.map((t) => {
    const last = [...years].reverse().find((y) => y.catalogue.some((c) => c.id === t.id));
    return activityOf(t, last?.catalogue.find((c) => c.id === t.id)?.version ?? t.version, events);
  });
}
