import { AlertEvent, AlertLevel } from '@atalaya/contracts';
import { BatchColumns, SeriesRange } from './batch.columns';
import { alertEvent, newPeakEvent } from './compiled.event';
import { SeriesMeter } from './compiled.measure';
import { CompiledTrigger, Territory } from './compiled.trigger';
import { newPeakAt } from './new-peak.rule';
import { thresholdLevel } from './threshold.condition';
import { EvaluatedObservation, TriggerState } from './types';

/**
 * Runs one trigger over one series and returns its state after the last observation that applies, or
 * undefined when none does. Unless the series is `alike` and the caller checked the trigger's scope against
 * it, every observation is checked against the scope. `load` gives the state to start from; it is asked
 * once, at the first observation that applies.
 */
export function walkSeries(
  compiled: CompiledTrigger,
  columns: BatchColumns,
  series: SeriesRange,
  load: () => TriggerState,
  events: AlertEvent[],
): TriggerState | undefined {
  const { observations, starts } = columns;
  const { from, to, alike } = series;
  let walk: Walk | undefined;
  for (let i = from; i < to; i++) {
    if (!(alike ? compiled.inEffect(starts[i]) : compiled.applies(observations[i]))) continue;
    walk ??= new Walk(compiled, load(), to - i);
    walk.step(columns, i, events);
  }
  return walk?.result();
}

/**
 * `evaluate` folded over a series, with one mutable working state instead of a new TriggerState per
 * observation: a step that raises no event allocates nothing, which is what the backtest's millions of
 * steps need. The rules are `evaluate`'s, step for step; batch.evaluator.property.spec.ts holds the two to
 * the same events and states.
 */
class Walk {
  private level: AlertLevel | null;
  /** Where `level` is among the trigger's levels, -1 for none (or a name the trigger no longer has). */
  private levelIndex: number;
  private alertId: string | null;
  private peak: number | null;
  private lastPeriodStart: string | null;
  private seen: number;
  private pendingLevel: AlertLevel | null;
  private pendingCount: number;
  private sinceResolved: number | null;
  private readonly meter: SeriesMeter;
  /** False while every observation was older than the newest seen: the state is then the one loaded. */
  private moved = false;
  /** The territory of the last observation's country: a series rarely changes country. */
  private country: string | undefined;
  private territory: Territory;

  constructor(
    private readonly compiled: CompiledTrigger,
    private readonly start: TriggerState,
    steps: number,
  ) {
    this.level = start.level;
    this.levelIndex = compiled.levelIndex(start.level);
    this.alertId = start.alertId;
    this.peak = start.peak;
    this.lastPeriodStart = start.lastPeriodStart;
    this.seen = start.seen;
    this.pendingLevel = start.pendingLevel;
    this.pendingCount = start.pendingCount;
    this.sinceResolved = start.sinceResolved;
    this.meter = compiled.meter(start.history, steps);
    this.territory = compiled.elsewhere;
  }

  /** The step of the batch's `i`th observation. */
  step(columns: BatchColumns, i: number, events: AlertEvent[]): void {
    const start = columns.starts[i];
    if (this.lastPeriodStart !== null && start <= this.lastPeriodStart) return;
    this.moved = true;
    this.lastPeriodStart = start;
    if (this.compiled.restartsAtBreak && columns.observations[i].seriesBreak !== undefined) {
      this.meter.restart();
      this.seen = 1;
    } else {
      this.seen += 1;
    }
    if (this.sinceResolved !== null) this.sinceResolved += 1;
    const measurable = this.meter.push(columns.values[i]);
    const country = columns.countries[i];
    if (country !== this.country) {
      this.country = country;
      this.territory = this.compiled.territoryOf(country);
    }
    const { territory } = this;
    if (territory.optOut || !measurable) return;

    const current = this.levelIndex;
    const target = this.admissible(current, thresholdLevel(territory.levels, current, this.meter.measure));
    const waiting = current < 0 && this.alertId !== null;
    if (target > current && !this.heldLongEnough(territory.levels[target].name)) {
      if (current < 0 && !waiting) {
        events.push(this.transition(columns.observations[i], territory, current, target, true));
      }
      return;
    }
    const waitedFor = this.pendingLevel;
    this.pendingLevel = null;
    this.pendingCount = 0;
    if (target !== current) {
      events.push(this.transition(columns.observations[i], territory, current, target));
    } else if (waiting) {
      const waitedAt = Math.max(
        0,
        territory.levels.findIndex((l) => l.name === waitedFor),
      );
      events.push(this.transition(columns.observations[i], territory, waitedAt, -1, true));
    } else if (current >= 0) {
      this.newPeak(columns.observations[i], territory, current, events);
    }
  }

  result(): TriggerState {
    if (!this.moved) return this.start;
    return {
      level: this.level,
      alertId: this.alertId,
      peak: this.peak,
      lastPeriodStart: this.lastPeriodStart,
      seen: this.seen,
      pendingLevel: this.pendingLevel,
      pendingCount: this.pendingCount,
      sinceResolved: this.sinceResolved,
      history: this.meter.history(),
    };
  }

  private admissible(current: number, target: number): number {
    if (target <= current) return target;
    const { minHistory, cooldown } = this.compiled.trigger;
    if (this.seen < minHistory) return current;
    const cooling = current < 0 && this.sinceResolved !== null && this.sinceResolved <= cooldown;
    return cooling ? current : target;
  }

  /** Counts the observation towards a pending rise; true once the rise has held long enough. */
  private heldLongEnough(name: AlertLevel): boolean {
    const held = this.pendingLevel === name ? this.pendingCount + 1 : 1;
    if (held >= this.compiled.trigger.pending) return true;
    this.pendingLevel = name;
    this.pendingCount = held;
    return false;
  }

  /** Re-warns an alert holding its level when its measure sets a new peak by the trigger's margin. */
  private newPeak(
    obs: EvaluatedObservation,
    territory: Territory,
    current: number,
    events: AlertEvent[],
  ): void {
    const { alertId, peak } = this;
    const { trigger } = this.compiled;
    const threshold = newPeakAt(trigger, current, territory.levels.length, peak);
    if (
      threshold === undefined ||
      alertId === null ||
      peak === null ||
      this.seen < trigger.minHistory ||
      !(this.meter.measure >= threshold)
    ) {
      return;
    }
    events.push(
      newPeakEvent({
        trigger,
        obs,
        measured: this.meter.measured(),
        override: territory.override,
        level: territory.levels[current],
        alertId,
        previousPeak: peak,
        threshold,
      }),
    );
    this.peak = this.meter.measure;
  }

  /**
   * The event of a move, and the state after it. A `pending` move announces a rise still waiting to hold
   * (the alert's id is kept, nothing is in force) or ends one that fell back before it held.
   */
  private transition(
    obs: EvaluatedObservation,
    territory: Territory,
    from: number,
    to: number,
    pending = false,
  ): AlertEvent {
    const event = alertEvent({
      trigger: this.compiled.trigger,
      obs,
      measured: this.meter.measured(),
      levels: territory.levels,
      from,
      to,
      previousLevel: this.level,
      previousAlertId: this.alertId,
      override: territory.override,
      pending,
    });
    if (pending) {
      this.alertId = to >= 0 ? event.alertId : null;
      return event;
    }
    const peak = to > from ? this.meter.measure : this.peak;
    this.level = event.level;
    this.levelIndex = this.compiled.levelIndex(event.level);
    this.alertId = event.level === null ? null : event.alertId;
    this.peak = event.level === null || !this.compiled.keepsPeak ? null : peak;
    if (event.type === 'resolved') this.sinceResolved = 0;
    return event;
  }
}
