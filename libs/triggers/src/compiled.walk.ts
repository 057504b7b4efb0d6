import type { AlertEvent } from '@atalaya/contracts';
import { alertEvent } from './compiled.event';
import type { SeriesMeter } from './compiled.measure';
import type { CompiledTrigger, Territory } from './compiled.trigger';
import type { EvaluatedObservation, TriggerState } from './evaluator';
import { thresholdLevel } from './threshold.condition';

/**
 * Runs one trigger over one series in event-time order and returns its state after the last observation
 * that applies, or undefined when none does. `covered` says the trigger's scope is known to cover every
 * observation of the series, so only its effective dates are checked. `load` gives the state to start
 * from; it is asked once, at the first observation that applies.
 */
export function walkSeries(
  compiled: CompiledTrigger,
  series: readonly EvaluatedObservation[],
  covered: boolean,
  load: () => TriggerState,
  events: AlertEvent[],
): TriggerState | undefined {
  let walk: Walk | undefined;
  for (let i = 0; i < series.length; i++) {
    const obs = series[i];
    if (!(covered ? compiled.inEffect(obs.period.start) : compiled.applies(obs))) continue;
    walk ??= new Walk(compiled, load(), series.length);
    walk.step(obs, events);
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
  private level: string | null;
  /** Where `level` is among the trigger's levels, -1 for none (or a name the trigger no longer has). */
  private levelIndex: number;
  private alertId: string | null;
  private lastPeriodStart: string | null;
  private seen: number;
  private pendingLevel: string | null;
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
    this.lastPeriodStart = start.lastPeriodStart;
    this.seen = start.seen;
    this.pendingLevel = start.pendingLevel;
    this.pendingCount = start.pendingCount;
    this.sinceResolved = start.sinceResolved;
    this.meter = compiled.meter(start.history, steps);
    this.territory = compiled.elsewhere;
  }

  step(obs: EvaluatedObservation, events: AlertEvent[]): void {
    if (this.lastPeriodStart !== null && obs.period.start <= this.lastPeriodStart) return;
    this.moved = true;
    this.lastPeriodStart = obs.period.start;
    this.seen += 1;
    if (this.sinceResolved !== null) this.sinceResolved += 1;
    const measurable = this.meter.push(obs.value);
    const { country } = obs.location;
    if (country !== this.country) {
      this.country = country;
      this.territory = this.compiled.territoryOf(country);
    }
    const { territory } = this;
    if (territory.optOut || !measurable) return;

    const current = this.levelIndex;
    const target = this.admissible(current, thresholdLevel(territory.levels, current, this.meter.measure));
    if (target > current && !this.heldLongEnough(territory.levels[target].name)) return;
    this.pendingLevel = null;
    this.pendingCount = 0;
    if (target !== current) events.push(this.transition(obs, territory, current, target));
  }

  result(): TriggerState {
    if (!this.moved) return this.start;
    return {
      level: this.level,
      alertId: this.alertId,
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
  private heldLongEnough(name: string): boolean {
    const held = this.pendingLevel === name ? this.pendingCount + 1 : 1;
    if (held >= this.compiled.trigger.pending) return true;
    this.pendingLevel = name;
    this.pendingCount = held;
    return false;
  }

  private transition(obs: EvaluatedObservation, territory: Territory, from: number, to: number): AlertEvent {
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
    });
    this.level = event.level;
    this.levelIndex = this.compiled.levelIndex(event.level);
    this.alertId = event.level === null ? null : event.alertId;
    if (event.type === 'resolved') this.sinceResolved = 0;
    return event;
  }
}
