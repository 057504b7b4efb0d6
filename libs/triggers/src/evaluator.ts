import { createHash } from 'node:crypto';
import type { AlertEvent, AlertEventType, Observation } from '@atalaya/contracts';
import { thresholdLevel } from './threshold.condition';
import type { Trigger } from './trigger.schema';

/** What the evaluator remembers of one trigger on one series between observations. */
export interface TriggerState {
  readonly level: string | null;
  readonly alertId: string | null;
  readonly lastPeriodStart: string | null;
}

export const initialState: TriggerState = { level: null, alertId: null, lastPeriodStart: null };

export interface Evaluation {
  readonly state: TriggerState;
  readonly events: readonly AlertEvent[];
}

export type EvaluatedObservation = Pick<
  Observation,
  'signalId' | 'reporter' | 'indicator' | 'location' | 'period' | 'value' | 'seriesKey'
>;

export function appliesTo(trigger: Trigger, obs: EvaluatedObservation): boolean {
  const { indicators, reporters, places } = trigger.scope;
  return (
    indicators.includes(obs.indicator) &&
    (!reporters || reporters.includes(obs.reporter)) &&
    (!places || (obs.location.place !== undefined && places.includes(obs.location.place)))
  );
}

/**
 * One step of a trigger on one series: a pure function of (state, observation) → (state, events).
 * The engine and the backtest run this same function. Observations older than the newest one seen are
 * kept by the caller but do not move the state.
 */
export function evaluate(trigger: Trigger, state: TriggerState, obs: EvaluatedObservation): Evaluation {
  if (state.lastPeriodStart !== null && obs.period.start <= state.lastPeriodStart) {
    return { state, events: [] };
  }
  const current = state.level === null ? -1 : trigger.levels.findIndex((l) => l.name === state.level);
  const next = thresholdLevel(trigger.levels, current, obs.value);
  if (next === current) return { state: { ...state, lastPeriodStart: obs.period.start }, events: [] };

  const type = transitionType(current, next);
  const alertId = state.alertId ?? stableId('alert', trigger.id, obs.seriesKey, obs.period.start);
  const level = next >= 0 ? trigger.levels[next] : undefined;
  const rising = next > current;
  const crossed = rising ? trigger.levels[next] : trigger.levels[current];
  const event: AlertEvent = {
    eventId: stableId('event', alertId, type, obs.period.start, level?.name ?? '-'),
    alertId,
    type,
    level: level?.name ?? null,
    previousLevel: state.level,
    severity: (level ?? crossed).severity,
    trigger: { id: trigger.id, version: trigger.version, title: trigger.title },
    seriesKey: obs.seriesKey,
    evidence: {
      value: obs.value,
      period: obs.period,
      threshold: rising ? crossed.above : (crossed.clearBelow ?? crossed.above),
      comparison: rising ? 'above' : 'below-clear',
      signalId: obs.signalId,
    },
  };
  return {
    state: { level: level?.name ?? null, alertId: level ? alertId : null, lastPeriodStart: obs.period.start },
    events: [event],
  };
}

function transitionType(from: number, to: number): AlertEventType {
  if (from < 0) return 'firing';
  if (to < 0) return 'resolved';
  return to > from ? 'escalated' : 'de-escalated';
}

function stableId(kind: string, ...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\u0000')).digest('hex');
  return `${kind}-${hex.slice(0, 32)}`;
}
