import { Level, Trigger } from '../catalogue/trigger.schema';
import { meterFor, SeriesMeter } from './compiled.measure';
import { levelsFor } from './evaluator';
import { restartsAtBreak } from './measure';
import { keepsPeak } from './new-peak.rule';
import { EvaluatedObservation } from './types';

/** How a trigger stands on one state's territory: the levels in force there, or an opt-out. */
export interface Territory {
  readonly optOut: boolean;
  readonly levels: readonly Level[];
  /** The state whose own thresholds these are, for the evidence; undefined for the trigger's own. */
  readonly override: string | undefined;
}

/**
 * A trigger prepared once for the evaluation path: its scope as sets, its levels on each territory that has
 * an override, its level names. `appliesTo`, `overrides.find` and `levelsFor` did this work again on every
 * observation; here it is done once per trigger and cached (see `compile`).
 */
export class CompiledTrigger {
  private readonly indicators: ReadonlySet<string>;
  private readonly reporters: ReadonlySet<string> | undefined;
  private readonly places: ReadonlySet<string> | undefined;
  private readonly names: readonly string[];
  private readonly territories = new Map<string, Territory>();
  /** The trigger's own levels, on every territory without an override. */
  readonly elsewhere: Territory;
  /** `restartsAtBreak` and `keepsPeak` of its condition. */
  readonly restartsAtBreak: boolean;
  readonly keepsPeak: boolean;

  constructor(readonly trigger: Trigger) {
    const { indicators, reporters, places } = trigger.scope;
    this.indicators = new Set(indicators);
    this.reporters = reporters && new Set(reporters);
    this.places = places && new Set(places);
    this.names = trigger.levels.map((l) => l.name);
    this.elsewhere = { optOut: false, levels: trigger.levels, override: undefined };
    this.restartsAtBreak = restartsAtBreak(trigger.condition);
    this.keepsPeak = keepsPeak(trigger.condition);
    for (const o of trigger.overrides) {
      // `overrides.find` takes the first override of a state.
      if (this.territories.has(o.state)) continue;
      const optOut = 'optOut' in o;
      this.territories.set(o.state, { optOut, levels: levelsFor(trigger, o), override: o.state });
    }
  }

  /** What `appliesTo` says. */
  applies(obs: EvaluatedObservation): boolean {
    return this.covers(obs) && this.inEffect(obs.period.start);
  }

  /** Whether the scope covers the observation's indicator, reporter and place (`appliesTo` but the dates). */
  covers(obs: EvaluatedObservation): boolean {
    const place = obs.location.place;
    return (
      this.indicators.has(obs.indicator) &&
      (!this.reporters || this.reporters.has(obs.reporter)) &&
      (!this.places || (place !== undefined && this.places.has(place)))
    );
  }

  /** Whether a period starting then is within the trigger's effective dates. */
  inEffect(periodStart: string): boolean {
    const { effective } = this.trigger;
    return (
      !effective ||
      (periodStart >= effective.from && (effective.to === undefined || periodStart <= effective.to))
    );
  }

  /** What `overrides.find` and `levelsFor` say of a state. */
  territoryOf(country: string): Territory {
    return this.territories.get(country) ?? this.elsewhere;
  }

  /** Where `levels.findIndex` finds a level by name: names are the same on every territory. */
  levelIndex(name: string | null): number {
    return name === null ? -1 : this.names.indexOf(name);
  }

  /** The condition's measure of a series that remembered `history`, for a walk of at most `steps` values. */
  meter(history: readonly number[], steps: number): SeriesMeter {
    return meterFor(this.trigger.condition, history, steps);
  }
}

/** Compiled once per Trigger object: catalogues are parsed once and never mutated. */
const compiledTriggers = new WeakMap<Trigger, CompiledTrigger>();

export function compile(trigger: Trigger): CompiledTrigger {
  let compiled = compiledTriggers.get(trigger);
  if (!compiled) {
    compiled = new CompiledTrigger(trigger);
    compiledTriggers.set(trigger, compiled);
  }
  return compiled;
}
