import { Level, Override, Trigger } from '../catalogue/trigger.schema';
import { alertEvent, newPeakEvent } from './compiled.event';
import { Measure, measureOf, remember, restartsAtBreak } from './measure';
import { keepsPeak, newPeakAt } from './new-peak.rule';
import { thresholdLevel } from './threshold.condition';
import { Evaluation, EvaluatedObservation, TriggerState } from './types';

export function appliesTo(trigger: Trigger, obs: EvaluatedObservation): boolean {
  const { indicators, reporters, places } = trigger.scope;
  return (
    indicators.includes(obs.indicator) &&
    (!reporters || reporters.includes(obs.reporter)) &&
    (!places || (obs.location.place !== undefined && places.includes(obs.location.place))) &&
    inEffect(trigger, obs.period.start)
  );
}

function inEffect(trigger: Trigger, periodStart: string): boolean {
  const { effective } = trigger;
  return (
    !effective ||
    (periodStart >= effective.from && (effective.to === undefined || periodStart <= effective.to))
  );
}

/** The levels in force on a territory: the trigger's, with that state's own thresholds where it set them. */
export function levelsFor(trigger: Trigger, override: Override | undefined): readonly Level[] {
  if (!override || !('levels' in override)) return trigger.levels;
  return trigger.levels.map((l) => {
    const own = override.levels[l.name];
    return own ? { ...l, above: own.above, clearBelow: own.clearBelow } : l;
  });
}

/**
 * One step of a trigger on one series: a pure function of (state, observation) → (state, events).
 * Observations older than the newest one seen are kept by the caller but do not move the state. This is the
 * reference: `evaluateBatch` walks whole series with a compiled form of the trigger (compiled.walk.ts) that
 * gives exactly the events and states of folding this function over them.
 */
export function evaluate(trigger: Trigger, state: TriggerState, obs: EvaluatedObservation): Evaluation {
  if (state.lastPeriodStart !== null && obs.period.start <= state.lastPeriodStart) {
    return { state, events: [] };
  }
  const override = trigger.overrides.find((o) => o.state === obs.location.country);
  // A break starts the series anew for a condition with a baseline: what came before is not comparable.
  const restart = obs.seriesBreak !== undefined && restartsAtBreak(trigger.condition);
  const earlier = restart ? [] : state.history;
  const counted: TriggerState = {
    ...state,
    lastPeriodStart: obs.period.start,
    seen: restart ? 1 : state.seen + 1,
    sinceResolved: state.sinceResolved === null ? null : state.sinceResolved + 1,
    history: remember(trigger.condition, earlier, obs.value),
  };
  const measured = measureOf(trigger.condition, earlier, obs.value);
  if ((override && 'optOut' in override) || !measured) return { state: counted, events: [] };

  const levels = levelsFor(trigger, override);
  const current = state.level === null ? -1 : levels.findIndex((l) => l.name === state.level);
  const target = admissible(trigger, counted, current, thresholdLevel(levels, current, measured.measure));
  const transition = {
    trigger,
    obs,
    measured,
    levels,
    previousLevel: state.level,
    override: override?.state,
  };
  if (target > current && !heldLongEnough(trigger, counted, levels[target])) {
    const pendingCount = counted.pendingLevel === levels[target].name ? counted.pendingCount + 1 : 1;
    const waiting: TriggerState = { ...counted, pendingLevel: levels[target].name, pendingCount };
    // Announced once, when nothing is in force yet: a pending escalation is the alert's own business.
    if (current >= 0 || state.alertId !== null) return { state: waiting, events: [] };
    const event = alertEvent({
      ...transition,
      from: current,
      to: target,
      previousAlertId: null,
      pending: true,
    });
    return { state: { ...waiting, alertId: event.alertId }, events: [event] };
  }
  const settled: TriggerState = { ...counted, pendingLevel: null, pendingCount: 0 };
  if (target === current && current >= 0) return atNewPeak(trigger, settled, transition, current);
  if (target === current && state.alertId === null) return { state: settled, events: [] };
  if (target === current) {
    // A pending rise fell back before it held: its alert ends without having fired.
    const waitedAt = Math.max(
      0,
      levels.findIndex((l) => l.name === state.pendingLevel),
    );
    const event = alertEvent({
      ...transition,
      from: waitedAt,
      to: -1,
      previousAlertId: state.alertId,
      pending: true,
    });
    return { state: { ...settled, alertId: null }, events: [event] };
  }

  const event = alertEvent({ ...transition, from: current, to: target, previousAlertId: state.alertId });
  const rose = target > current;
  return {
    state: {
      ...settled,
      level: event.level,
      alertId: event.level === null ? null : event.alertId,
      peak:
        event.level === null || !keepsPeak(trigger.condition) ? null : rose ? measured.measure : state.peak,
      sinceResolved: event.type === 'resolved' ? 0 : settled.sinceResolved,
    },
    events: [event],
  };
}

/** An alert holding its level: re-warned when its measure sets a new peak by the trigger's margin. */
function atNewPeak(
  trigger: Trigger,
  state: TriggerState,
  t: { obs: EvaluatedObservation; measured: Measure; levels: readonly Level[]; override: string | undefined },
  current: number,
): Evaluation {
  const { alertId, peak } = state;
  const threshold = newPeakAt(trigger, current, t.levels.length, peak);
  if (
    threshold === undefined ||
    alertId === null ||
    peak === null ||
    state.seen < trigger.minHistory ||
    !(t.measured.measure >= threshold)
  ) {
    return { state, events: [] };
  }
  const event = newPeakEvent({
    ...t,
    trigger,
    level: t.levels[current],
    alertId,
    previousPeak: peak,
    threshold,
  });
  return { state: { ...state, peak: t.measured.measure }, events: [event] };
}

/** Holds a rise back while the series is too short or the trigger is cooling down after a resolution. */
function admissible(trigger: Trigger, state: TriggerState, current: number, target: number): number {
  if (target <= current) return target;
  if (state.seen < trigger.minHistory) return current;
  const cooling = current < 0 && state.sinceResolved !== null && state.sinceResolved <= trigger.cooldown;
  return cooling ? current : target;
}

function heldLongEnough(trigger: Trigger, state: TriggerState, level: Level): boolean {
  const held = state.pendingLevel === level.name ? state.pendingCount + 1 : 1;
  return held >= trigger.pending;
}
