import { DateTime, Duration } from 'luxon';
import { AlertEvent } from '@atalaya/contracts';
import { Cadence, Reference } from '@atalaya/reference';
import { Trigger } from '../catalogue/trigger.schema';
import { evaluate } from '../evaluation/evaluator';
import { EvaluatedObservation, TriggerState } from '../evaluation/types';

/**
 * A no-data trigger watches one derived series per reporter. Its value is the number of reports the
 * reporter has missed: 1 at the first deadline it let pass, 2 at the second, and 0 once it is heard again.
 */
export const silenceSeriesKey = (reporter: string): string => `silence/${reporter}`;

/** The indicator of the derived series: no reporter sends it, so ordinary observations never carry it. */
export const SILENCE_INDICATOR = 'silence';

/** One report as the engine heard it: when ingest received it (ISO 8601, UTC) and which signal it was. */
export interface Heard {
  readonly at: string;
  readonly signalId: string;
}

/** What is kept of a no-data trigger on one reporter between ticks. */
export interface Silence {
  readonly state: TriggerState;
  /** The report the deadlines count from; null until the reporter is first heard. */
  readonly since: Heard | null;
}

/** What one tick knows of a reporter. */
export interface SilenceTick {
  /** Every report received after `since`, oldest first (with no `since`: at least the latest report). */
  readonly heard: readonly Heard[];
  /** The time `heard` is complete up to: a deadline before it with no report before it was missed. */
  readonly until: string;
}

export interface SilenceStep {
  readonly silence: Silence;
  readonly events: readonly AlertEvent[];
}

/**
 * Derived observations one tick may evaluate at most: a long outage of the engine is caught up over
 * several ticks, in the same order and with the same ids.
 */
export const SILENCE_STEPS_PER_TICK = 1000;

/** An `expectedEvery` as a duration, refusing one that would make every instant a deadline. */
export function parseExpectedEvery(iso: string, triggerId: string): Duration {
  const every = Duration.fromISO(iso);
  if (!every.isValid || every.toMillis() <= 0) {
    throw new Error(
      `trigger ${triggerId}: expectedEvery "${iso}" must be an ISO 8601 duration longer than zero, such as P1M, P7D or PT30S`,
    );
  }
  return every;
}

/** A reporter a no-data trigger watches, and how long it may stay silent before a report counts as missed. */
export interface WatchedReporter {
  readonly reporter: string;
  readonly every: Duration;
}

export interface SilenceWatch {
  readonly trigger: Trigger;
  readonly reporters: readonly WatchedReporter[];
}

const cadenceEvery: Record<Cadence, string> = { daily: 'P1D', weekly: 'P1W', monthly: 'P1M' };

/**
 * The reporters each no-data trigger of the catalogue watches: those its scope names, or every reporter of
 * reporters.yaml. Each waits the trigger's `expectedEvery`, or else the cadence the reporter agreed to.
 * Throws, naming the trigger and the reporter, when a reporter has neither. The engine's watch and the
 * backtest's both start from these.
 */
export function silenceWatches(
  catalogue: { readonly triggers: readonly Trigger[] },
  reference: Pick<Reference, 'reporters'>,
): SilenceWatch[] {
  const cadences = new Map(reference.reporters.map((r) => [r.iso3, r.cadence]));
  return catalogue.triggers.flatMap((trigger) => {
    const { condition } = trigger;
    if (condition.type !== 'no_data') return [];
    const own = condition.expectedEvery;
    const fixed = own === undefined ? undefined : parseExpectedEvery(own, trigger.id);
    const reporters = (trigger.scope.reporters ?? reference.reporters.map((r) => r.iso3)).map((reporter) => {
      if (fixed) return { reporter, every: fixed };
      const cadence = cadences.get(reporter);
      if (!cadence) {
        throw new Error(
          `trigger ${trigger.id} watches ${reporter}, which has no cadence in reporters.yaml: ` +
            `add ${reporter} to reporters.yaml or give the trigger condition an expectedEvery`,
        );
      }
      return { reporter, every: parseExpectedEvery(cadenceEvery[cadence], trigger.id) };
    });
    return [{ trigger, reporters }];
  });
}

/**
 * One tick of a no-data trigger on one reporter: the derived observations since the last tick, each run
 * through the same `evaluate` as every other trigger, so levels, hysteresis, pending, cooldown, shadow and
 * overrides behave as they do elsewhere. Deadline k after a report falls at `since + k × every` and
 * carries the value k; the derived period starts at the deadline, so the ids of the events (and the
 * alert id, from the first deadline that raised it) depend on when reports arrived, never on when ticks ran.
 */
export function evaluateSilence(
  trigger: Trigger,
  every: Duration,
  reporter: string,
  silence: Silence,
  tick: SilenceTick,
  limit = SILENCE_STEPS_PER_TICK,
): SilenceStep {
  if (!inEffectOn(trigger, tick.until.slice(0, 10))) return { silence, events: [] };
  const derived = silentObservations(every, reporter, silence, tick, limit);
  let state = silence.state;
  const events: AlertEvent[] = [];
  for (const o of derived.observations) {
    const result = evaluate(trigger, state, o);
    state = result.state;
    events.push(...result.events);
  }
  return { silence: { state, since: derived.since }, events };
}

/** The derived observations of one tick, and the report the deadlines count from afterwards. */
export function silentObservations(
  every: Duration,
  reporter: string,
  silence: Silence,
  tick: SilenceTick,
  limit = SILENCE_STEPS_PER_TICK,
): { observations: EvaluatedObservation[]; since: Heard | null } {
  const out: EvaluatedObservation[] = [];
  let since = silence.since;
  let after = silence.state.lastPeriodStart;
  const push = (o: EvaluatedObservation) => {
    out.push(o);
    after = o.period.start;
  };
  for (const next of tick.heard) {
    if (since !== null && next.at <= since.at) continue;
    if (since !== null) {
      for (const d of deadlines(since, every, after, next.at, limit - out.length)) {
        push(missedAt(reporter, since, d));
      }
      if (out.length >= limit) return { observations: out, since };
      // Only a silence that counted at least one missed report is broken by being heard again.
      if (after !== null && after > since.at) push(heardAgain(reporter, since, next, later(next.at, after)));
    }
    since = next;
  }
  if (since !== null) {
    for (const d of deadlines(since, every, after, tick.until, limit - out.length)) {
      push(missedAt(reporter, since, d));
    }
  }
  return { observations: out, since };
}

/** Reports missed since `last` (the latest report heard) as of `until`: what a dashboard shows. */
export function missedReports(every: Duration, last: Heard, until: string): number {
  let k = Math.max(0, Math.floor((Date.parse(until) - Date.parse(last.at) - 1) / longest(every)));
  while (deadlineAt(last, every, k + 1) < until) k += 1;
  return k;
}

interface Deadline {
  readonly k: number;
  readonly at: string;
}

/** Deadline k after `since`: calendar arithmetic in UTC, k × every added at once (31 Jan + P1M × 2 = 31 Mar). */
function deadlineAt(since: Heard, every: Duration, k: number): string {
  const at = DateTime.fromISO(since.at, { zone: 'utc' }).plus(every.mapUnits((x) => x * k));
  return at.toJSDate().toISOString();
}

/** Deadlines after `since` that fall after `after` (the last point evaluated) and before `before`. */
function deadlines(
  since: Heard,
  every: Duration,
  after: string | null,
  before: string,
  max: number,
): Deadline[] {
  const out: Deadline[] = [];
  let k = after !== null && after > since.at ? firstAfter(since, every, after) : 1;
  let at = deadlineAt(since, every, k);
  while (at < before && out.length < max) {
    out.push({ k, at });
    k += 1;
    at = deadlineAt(since, every, k);
  }
  return out;
}

/** The first k whose deadline falls after `after`, from a lower bound rather than by walking from 1. */
function firstAfter(since: Heard, every: Duration, after: string): number {
  const elapsed = Date.parse(after) - Date.parse(since.at);
  let k = Math.max(1, Math.floor(elapsed / longest(every)));
  while (deadlineAt(since, every, k) <= after) k += 1;
  return k;
}

const DAY_MS = 86_400_000;

/** The longest `every` can last in UTC: a year of 366 days, a month of 31. */
function longest(every: Duration): number {
  const u = every.toObject();
  const days = (u.years ?? 0) * 366 + (u.quarters ?? 0) * 92 + (u.months ?? 0) * 31 + (u.weeks ?? 0) * 7;
  const seconds = ((u.hours ?? 0) * 60 + (u.minutes ?? 0)) * 60 + (u.seconds ?? 0);
  return (days + (u.days ?? 0)) * DAY_MS + seconds * 1000 + (u.milliseconds ?? 0);
}

/** `at`, or just after `after` when a report became visible only after a later deadline was counted. */
function later(at: string, after: string): string {
  return at > after ? at : new Date(Date.parse(after) + 1).toISOString();
}

function missedAt(reporter: string, since: Heard, d: Deadline): EvaluatedObservation {
  return derived(reporter, since, since.signalId, d.at, d.k, d.at);
}

function heardAgain(reporter: string, since: Heard, next: Heard, start: string): EvaluatedObservation {
  return derived(reporter, since, next.signalId, start, 0, next.at);
}

/**
 * A point of the derived series. Its period starts at the deadline (or when the reporter was heard
 * again), to the millisecond, which orders the points and keeps their ids apart; the evidence carries the
 * calendar dates the silence spans, as the alert contract expects.
 */
function derived(
  reporter: string,
  since: Heard,
  signalId: string,
  start: string,
  value: number,
  endsAt: string,
): EvaluatedObservation {
  return {
    signalId,
    reporter,
    indicator: SILENCE_INDICATOR,
    location: { country: reporter },
    period: { start, end: start },
    value,
    seriesKey: silenceSeriesKey(reporter),
    evidence: {
      period: { start: since.at.slice(0, 10), end: endsAt.slice(0, 10) },
      silentSince: since.at,
    },
  };
}

function inEffectOn(trigger: Trigger, date: string): boolean {
  const { effective } = trigger;
  return !effective || (date >= effective.from && (effective.to === undefined || date <= effective.to));
}
