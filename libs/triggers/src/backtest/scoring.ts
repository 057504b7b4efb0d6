import { z } from 'zod';
import { identifier, iso3, isoDate, AlertEvent, AlertEventType } from '@atalaya/contracts';
import { parseLocatedWith, CorridorStep } from '@atalaya/reference';
import { Trigger } from '../catalogue/trigger.schema';
import { deriveSeries, isDerived } from '../derived/derived.series';
import { appliesTo } from '../evaluation/evaluator';
import { byCodeUnits } from '../evaluation/order';
import { EvaluatedObservation } from '../evaluation/types';
import { Backtest, WatchedSeries } from './types';

/** A month (`2023-08`) stands for its first day as a `from` and for its last day as a `to`. */
function dayOf(edge: 'first' | 'last') {
  return z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/, 'must be a month (YYYY-MM) or a date (YYYY-MM-DD)')
    .transform((s) => (s.length > 7 ? s : edge === 'first' ? `${s}-01` : lastDayOf(s)))
    .pipe(isoDate);
}

/** Parts of a series key (`reporter/indicator/country/admin1/place`); every part given must match. */
const seriesSelectorSchema = z
  .strictObject({
    reporter: iso3.optional(),
    indicator: identifier.optional(),
    country: iso3.optional(),
    admin1: z.string().optional(),
    place: identifier.optional(),
  })
  .refine((s) => Object.values(s).some((v) => v !== undefined), {
    message: 'name at least one of reporter, indicator, country, admin1, place',
  });

export const knownEventSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be kebab-case, e.g. "darien-2023-record"'),
    title: z.string().min(1),
    series: seriesSelectorSchema.optional(),
    /** Only these triggers are scored on the event; all triggers watching its series when absent. */
    triggers: z.array(z.string().min(1)).min(1).optional(),
    from: dayOf('first'),
    to: dayOf('last'),
    source: z.string().min(1, 'say where the event is documented, so that others can check it'),
  })
  .refine((e) => e.series !== undefined || e.triggers !== undefined, {
    message:
      'name the series the event concerns (series: { place: darien }) or its triggers (triggers: [...])',
  })
  .refine((e) => e.from <= e.to, {
    message: 'to is before from',
    path: ['to'],
    // Only once both are dates: a malformed one has its own message.
    when: (payload) => payload.issues.length === 0,
  });

export const knownEventsSchema = z.strictObject({
  events: z
    .array(knownEventSchema)
    .min(1)
    .superRefine((events, ctx) =>
      events.forEach((e, i) => {
        if (events.findIndex((other) => other.id === e.id) < i) {
          ctx.addIssue({ code: 'custom', message: `id ${e.id} is used twice`, path: [i, 'id'] });
        }
      }),
    ),
});

export type SeriesSelector = z.infer<typeof seriesSelectorSchema>;
export type KnownEvent = z.infer<typeof knownEventSchema>;
export type KnownEvents = z.infer<typeof knownEventsSchema>;

export class KnownEventsError extends Error {
  constructor(
    readonly problems: readonly string[],
    source: string,
  ) {
    super(`known-events file ${source} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads a known-events file, each problem as `file:line:column: path: message`, like the catalogue. */
export function parseKnownEvents(text: string, source = 'known-events'): KnownEvents {
  const checked = parseLocatedWith(text, source, knownEventsSchema);
  if ('problems' in checked) throw new KnownEventsError(checked.problems, source);
  return checked.value;
}

/**
 * The series each trigger evaluated in a history, by trigger id: a known event counts for a trigger only
 * where the trigger could have seen it. Ratio and corridor triggers evaluate the series derived from the
 * history, as the backtest runs them; no-data triggers evaluate nothing there.
 */
export function watchedSeries(
  triggers: readonly Trigger[],
  history: readonly EvaluatedObservation[],
  corridorSteps: (corridor: string) => readonly CorridorStep[] | undefined = () => undefined,
): Record<string, readonly WatchedSeries[]> {
  return Object.fromEntries(
    triggers.map((t) => [
      t.id,
      rangesOf(evaluatedBy(t, history, corridorSteps).filter((o) => appliesTo(t, o))),
    ]),
  );
}

function evaluatedBy(
  t: Trigger,
  history: readonly EvaluatedObservation[],
  corridorSteps: (corridor: string) => readonly CorridorStep[] | undefined,
): readonly EvaluatedObservation[] {
  if (t.condition.type === 'no_data') return [];
  return isDerived(t) ? deriveSeries(t, history, corridorSteps) : history;
}

function rangesOf(observations: readonly EvaluatedObservation[]): WatchedSeries[] {
  const seen = new Map<string, { first: string; last: string }>();
  observations.forEach(({ seriesKey, period: { start } }) => {
    const range = seen.get(seriesKey);
    if (!range) seen.set(seriesKey, { first: start, last: start });
    else if (start < range.first) range.first = start;
    else if (start > range.last) range.last = start;
  });
  return [...seen]
    .map(([seriesKey, range]) => ({ seriesKey, ...range }))
    .sort((a, b) => byCodeUnits(a.seriesKey, b.seriesKey));
}

export interface ScoringOptions {
  /** How many months before an event's `from` a warning still counts as its early warning. */
  readonly maxLeadMonths: number;
  /** What each trigger evaluated, by trigger id: `watchedSeries`. */
  readonly watched: Readonly<Record<string, readonly WatchedSeries[]>>;
}

export interface KnownEventRef {
  readonly id: string;
  readonly title: string;
  readonly from: string;
  readonly to: string;
}

/**
 * The alert events the operations centres receive as a warning: an alert raised, raised to a higher level,
 * or re-warned at a new peak (`updated` with evidence `reason: new-peak`).
 */
export type WarningType = Extract<AlertEventType, 'firing' | 'escalated' | 'updated'>;

export interface ScoredWarning {
  readonly alertEventId: string;
  readonly type: WarningType;
  readonly seriesKey: string;
  readonly periodStart: string;
  readonly level: string | null;
}

export interface Hit extends KnownEventRef {
  /** The first warning in the event's window. */
  readonly warning: ScoredWarning;
  /** `from` minus the warning's period start: positive when the warning came first, negative when late. */
  readonly leadDays: number;
  readonly leadMonths: number;
  /**
   * Months from the event's last month (`to`, when its series fell back) to the month the warned alert
   * resolved: 0 or less when it resolved by the event's end; null when it never resolved in the history.
   */
  readonly resolvedAfterMonths: number | null;
}

export interface Miss extends KnownEventRef {
  /**
   * An alert of the trigger already in force on the event's series when it began, and never raised to a
   * higher level during the window: why no warning came.
   */
  readonly inForce: { readonly seriesKey: string; readonly level: string; readonly raised: string } | null;
}

export interface TriggerScore {
  readonly triggerId: string;
  readonly version: number;
  readonly shadow: boolean;
  /** Known events this trigger is scored on: always `hits.length + misses.length`. */
  readonly knownEvents: number;
  /** The trigger's warnings over the whole history, hits' and false alarms' alike. */
  readonly warnings: number;
  readonly hits: readonly Hit[];
  readonly misses: readonly Miss[];
  readonly falseAlarms: readonly ScoredWarning[];
  /** Median and mean lead of the hits; null without hits. */
  readonly medianLeadDays: number | null;
  readonly medianLeadMonths: number | null;
  readonly meanLeadDays: number | null;
  readonly meanLeadMonths: number | null;
  /** Hits over known events; null without known events. */
  readonly hitRate: number | null;
  /** Years of months the trigger evaluated, summed over its series. */
  readonly seriesYears: number;
  /** False alarms per series-year; null when it evaluated nothing. */
  readonly falseAlarmsPerSeriesYear: number | null;
  /** Median of the hits' `resolvedAfterMonths`, over those that resolved; null when none did. */
  readonly medianResolvedAfterMonths: number | null;
  /** The same figures for each series the trigger evaluated. */
  readonly series: readonly SeriesScore[];
}

/** One series' detection quality under one trigger. */
export interface SeriesScore {
  readonly seriesKey: string;
  readonly seriesYears: number;
  readonly knownEvents: number;
  readonly hits: number;
  readonly misses: number;
  readonly falseAlarms: number;
  readonly hitRate: number | null;
  readonly falseAlarmsPerSeriesYear: number | null;
  readonly medianLeadMonths: number | null;
  readonly medianResolvedAfterMonths: number | null;
}

export interface UnscoredEvent extends KnownEventRef {
  readonly reason: string;
}

export interface Scoring {
  readonly maxLeadMonths: number;
  readonly triggers: readonly TriggerScore[];
  /** Known events no trigger could be scored on, e.g. a series the catalogue does not watch. */
  readonly unscored: readonly UnscoredEvent[];
}

/**
 * Scores a backtest against known events, trigger by trigger. A warning is an alert raised (`firing`),
 * raised to a higher level (`escalated`) or re-warned at a new peak, of an alert not later cancelled: an alert cancelled was never
 * raised. The first warning on a matching series whose period starts between `maxLeadMonths` before the
 * event's `from` and its `to` is a hit; an event without one is a miss; a warning in no event's window is a
 * false alarm.
 */
export function scoreBacktest(result: Backtest, known: KnownEvents, options: ScoringOptions): Scoring {
  const { maxLeadMonths } = options;
  if (!Number.isInteger(maxLeadMonths) || maxLeadMonths < 0) {
    throw new RangeError(
      `the maximum lead must be a whole number of months (0 or more), not ${maxLeadMonths}`,
    );
  }
  const cancelled = cancelledAlerts(result.events);
  const warnings = result.events.filter(isWarning).filter((w) => !cancelled.has(w.alertId));
  const triggers = result.activity.map((a) => {
    const watched = options.watched[a.triggerId] ?? [];
    const relevant = known.events.filter((k) => concerns(k, a.triggerId, watched, maxLeadMonths));
    const own = warnings
      .filter((w) => w.trigger.id === a.triggerId)
      .sort((x, y) => byCodeUnits(x.evidence.period.start, y.evidence.period.start));
    const resolved = resolutions(result.events, a.triggerId);
    const hits = relevant.flatMap((k) => {
      const first = own.find((w) => warns(w, k, maxLeadMonths));
      return first ? [hitOf(k, first, resolved)] : [];
    });
    const falseAlarms = own.filter((w) => !relevant.some((k) => warns(w, k, maxLeadMonths))).map(warningOf);
    const series = watched.map((w) => seriesScore(w, relevant, own, falseAlarms, maxLeadMonths, resolved));
    const seriesYears = sum(series.map((x) => x.seriesYears));
    return {
      triggerId: a.triggerId,
      version: a.version,
      shadow: a.shadow,
      knownEvents: relevant.length,
      warnings: own.length,
      hits,
      misses: relevant
        .filter((k) => !hits.some((h) => h.id === k.id))
        .map((k) => ({ ...refOf(k), inForce: inForceAt(k, result.events, a.triggerId, cancelled) })),
      falseAlarms,
      medianLeadDays: median(hits.map((h) => h.leadDays)),
      medianLeadMonths: median(hits.map((h) => h.leadMonths)),
      meanLeadDays: mean(hits.map((h) => h.leadDays)),
      meanLeadMonths: mean(hits.map((h) => h.leadMonths)),
      hitRate: ratio(hits.length, relevant.length),
      seriesYears,
      falseAlarmsPerSeriesYear: ratio(falseAlarms.length, seriesYears),
      medianResolvedAfterMonths: median(resolvedAfter(hits)),
      series,
    };
  });
  const unscored = known.events
    .filter(
      (k) =>
        !result.activity.some((a) =>
          concerns(k, a.triggerId, options.watched[a.triggerId] ?? [], maxLeadMonths),
        ),
    )
    .map((k) => ({ ...refOf(k), reason: whyUnscored(k, result) }));
  return { maxLeadMonths, triggers, unscored };
}

/**
 * The event is the trigger's to catch: named for it (or for none), on a series it saw during the event's
 * window. A history that ends before the event still scores a warning that came before it.
 */
function concerns(
  k: KnownEvent,
  triggerId: string,
  watched: readonly WatchedSeries[],
  maxLeadMonths: number,
): boolean {
  const opens = monthsBefore(k.from, maxLeadMonths);
  return (
    (k.triggers === undefined || k.triggers.includes(triggerId)) &&
    watched.some((w) => matchesSeries(k.series, w.seriesKey) && w.first <= k.to && w.last >= opens)
  );
}

type WarningEvent = AlertEvent & { readonly type: WarningType };

function isWarning(e: AlertEvent): e is WarningEvent {
  return (
    e.type === 'firing' ||
    e.type === 'escalated' ||
    (e.type === 'updated' && e.evidence.reason === 'new-peak')
  );
}

function cancelledAlerts(events: readonly AlertEvent[]): ReadonlySet<string> {
  return new Set(events.filter((e) => e.type === 'cancelled').map((e) => e.alertId));
}

function warns(w: AlertEvent, k: KnownEvent, maxLeadMonths: number): boolean {
  const start = w.evidence.period.start;
  return (
    matchesSeries(k.series, w.seriesKey) && start >= monthsBefore(k.from, maxLeadMonths) && start <= k.to
  );
}

export function matchesSeries(selector: SeriesSelector | undefined, seriesKey: string): boolean {
  if (!selector) return true;
  const [reporter, indicator, country, admin1, place] = seriesKey.split('/');
  const parts: Record<keyof SeriesSelector, string | undefined> = {
    reporter,
    indicator,
    country,
    admin1,
    place,
  };
  return (Object.keys(selector) as (keyof SeriesSelector)[]).every(
    (name) => selector[name] === undefined || selector[name] === parts[name],
  );
}

function whyUnscored(k: KnownEvent, result: Backtest): string {
  const unknown = k.triggers?.filter((id) => !result.activity.some((a) => a.triggerId === id)) ?? [];
  if (k.triggers !== undefined && unknown.length === k.triggers.length) {
    return `the catalogue has no trigger ${unknown.join(', ')}`;
  }
  return 'no trigger of the catalogue evaluated a matching series during the event or the months before it';
}

function inForceAt(
  k: KnownEvent,
  events: readonly AlertEvent[],
  triggerId: string,
  cancelled: ReadonlySet<string>,
): Miss['inForce'] {
  const latest = new Map<string, AlertEvent>();
  events
    .filter((e) => e.trigger.id === triggerId && matchesSeries(k.series, e.seriesKey))
    .filter((e) => !cancelled.has(e.alertId) && e.type !== 'pending')
    .filter((e) => e.evidence.period.start <= k.from)
    .forEach((e) => {
      const held = latest.get(e.seriesKey);
      if (!held || e.evidence.period.start >= held.evidence.period.start) latest.set(e.seriesKey, e);
    });
  const active = [...latest.values()].find((e) => e.level !== null);
  if (!active?.level) return null;
  const firing = events.find((e) => e.alertId === active.alertId && e.type === 'firing');
  return {
    seriesKey: active.seriesKey,
    level: active.level,
    raised: (firing ?? active).evidence.period.start,
  };
}

function hitOf(k: KnownEvent, w: WarningEvent, resolved: ReadonlyMap<string, readonly string[]>): Hit {
  const start = w.evidence.period.start;
  const end = (resolved.get(w.alertId) ?? []).find((at) => at >= start);
  return {
    ...refOf(k),
    warning: warningOf(w),
    leadDays: daysFrom(start, k.from),
    leadMonths: monthIndex(k.from) - monthIndex(start),
    resolvedAfterMonths: end === undefined ? null : monthIndex(end) - monthIndex(k.to),
  };
}

/** When each alert of the trigger resolved (the resolving event's period start), in order, by alert id. */
function resolutions(events: readonly AlertEvent[], triggerId: string): Map<string, string[]> {
  const byAlert = new Map<string, string[]>();
  events
    .filter((e) => e.trigger.id === triggerId && e.type === 'resolved')
    .forEach((e) => byAlert.set(e.alertId, [...(byAlert.get(e.alertId) ?? []), e.evidence.period.start]));
  byAlert.forEach((at) => at.sort(byCodeUnits));
  return byAlert;
}

const resolvedAfter = (hits: readonly Hit[]): number[] =>
  hits.flatMap((h) => (h.resolvedAfterMonths === null ? [] : [h.resolvedAfterMonths]));

/** One watched series' share of a trigger's score: its events, their hits on it, its false alarms. */
function seriesScore(
  w: WatchedSeries,
  relevant: readonly KnownEvent[],
  own: readonly WarningEvent[],
  falseAlarms: readonly ScoredWarning[],
  maxLeadMonths: number,
  resolved: ReadonlyMap<string, readonly string[]>,
): SeriesScore {
  const events = relevant.filter(
    (k) =>
      matchesSeries(k.series, w.seriesKey) &&
      w.first <= k.to &&
      w.last >= monthsBefore(k.from, maxLeadMonths),
  );
  const hits = events.flatMap((k) => {
    const first = own.find((x) => x.seriesKey === w.seriesKey && warns(x, k, maxLeadMonths));
    return first ? [hitOf(k, first, resolved)] : [];
  });
  const seriesYears = (monthIndex(w.last) - monthIndex(w.first) + 1) / 12;
  const alarms = falseAlarms.filter((f) => f.seriesKey === w.seriesKey).length;
  return {
    seriesKey: w.seriesKey,
    seriesYears,
    knownEvents: events.length,
    hits: hits.length,
    misses: events.length - hits.length,
    falseAlarms: alarms,
    hitRate: ratio(hits.length, events.length),
    falseAlarmsPerSeriesYear: ratio(alarms, seriesYears),
    medianLeadMonths: median(hits.map((h) => h.leadMonths)),
    medianResolvedAfterMonths: median(resolvedAfter(hits)),
  };
}

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function refOf(k: KnownEvent): KnownEventRef {
  return { id: k.id, title: k.title, from: k.from, to: k.to };
}

function warningOf(w: WarningEvent): ScoredWarning {
  return {
    alertEventId: w.eventId,
    type: w.type,
    seriesKey: w.seriesKey,
    periodStart: w.evidence.period.start,
    level: w.level,
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** The same day `months` calendar months earlier, or that month's last day when it is shorter. */
export function monthsBefore(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

function daysFrom(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / 86_400_000);
}

function monthIndex(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
}

function lastDayOf(month: string): string {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}
