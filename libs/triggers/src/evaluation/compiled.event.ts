import { AlertEvent, AlertEventType, Evidence } from '@atalaya/contracts';
import { Level, Trigger } from '../catalogue/trigger.schema';
import { eventIdOf, stableId } from './ids';
import { Measure } from './measure';
import { EvaluatedObservation } from './types';

/** A trigger's move from one level to another on one observation. */
export interface Transition {
  readonly trigger: Trigger;
  readonly obs: EvaluatedObservation;
  readonly measured: Measure;
  /** The levels in force on the observation's territory. */
  readonly levels: readonly Level[];
  /** Indexes into `levels`, -1 for none. */
  readonly from: number;
  readonly to: number;
  readonly previousLevel: string | null;
  readonly previousAlertId: string | null;
  /** The state whose own thresholds were applied, if one was. */
  readonly override: string | undefined;
  /**
   * A rise waiting to hold for the trigger's `pending` observations (`to` is the level it waits at), or one
   * that fell back before it held (`from` is the level it waited at, `to` -1): nothing was in force.
   */
  readonly pending?: boolean;
}

/**
 * The event of a transition. `evaluate` and the compiled walk of `evaluateBatch` both build their events
 * here, so the two give the same events byte for byte: key order included, and ids that hash nothing but
 * the observation that caused the step.
 */
export function alertEvent(t: Transition): AlertEvent {
  const { trigger, obs, levels, from, to } = t;
  const type = t.pending ? (to >= 0 ? 'pending' : 'resolved') : transitionType(from, to);
  const alertId = t.previousAlertId ?? stableId('alert', trigger.id, obs.seriesKey, obs.period.start);
  const level = to >= 0 ? levels[to] : undefined;
  const rising = to > from;
  const crossed = rising ? levels[to] : levels[from];
  const shown = level ?? crossed;
  return {
    eventId: eventIdOf(alertId, type, obs.period.start, level?.name ?? '-'),
    alertId,
    type,
    level: level?.name ?? null,
    previousLevel: t.previousLevel,
    severity: shown.severity,
    urgency: shown.urgency,
    shadow: trigger.shadow,
    trigger: { id: trigger.id, version: trigger.version, title: trigger.title },
    seriesKey: obs.seriesKey,
    evidence: evidenceOf(t, rising, crossed, t.pending === true && !rising),
  };
}

/**
 * What the event shows of the crossing: the measure for conditions other than a threshold, the state whose
 * thresholds applied, and what a derived series adds, in that order.
 */
function evidenceOf(t: Transition, rising: boolean, crossed: Level, lapsed: boolean): Evidence {
  const threshold = rising || lapsed ? crossed.above : (crossed.clearBelow ?? crossed.above);
  const comparison = rising ? 'above' : lapsed ? 'below' : 'below-clear';
  const evidence = figureEvidence(t, threshold, comparison);
  return t.obs.evidence ? { ...evidence, ...t.obs.evidence } : evidence;
}

/**
 * The figure against the threshold it was compared with. Built by assignment: spreading the measure and
 * the override into the literal showed in the backtest's profile. The keys come out in the same order
 * either way, since every Measure lists `measure` before `baseline`.
 */
function figureEvidence(
  t: Pick<Transition, 'trigger' | 'obs' | 'measured' | 'override'>,
  threshold: number,
  comparison: Evidence['comparison'],
): Evidence {
  const { trigger, obs, measured, override } = t;
  const evidence: Evidence = {
    value: obs.value,
    period: obs.period,
    threshold,
    comparison,
    signalId: obs.signalId,
  };
  if (trigger.condition.type !== 'threshold') {
    evidence.measure = measured.measure;
    if ('baseline' in measured) evidence.baseline = measured.baseline;
  }
  if (override) evidence.override = override;
  return evidence;
}

/** An alert standing at a level whose measure reached the trigger's `rewarnAbove` times its last peak. */
export interface NewPeak extends Pick<Transition, 'trigger' | 'obs' | 'measured' | 'override'> {
  readonly level: Level;
  readonly alertId: string;
  /** The measure the alert last warned at. */
  readonly previousPeak: number;
  /** `rewarnAbove` times `previousPeak`: what the measure reached. */
  readonly threshold: number;
}

/**
 * The re-warning at a new peak: `updated`, at the level it stands at, with the evidence of the figure
 * against the peak's margin. Its id spells `new-peak` where a level event names its level: an alert
 * re-warns at most once a period, and a restatement's id reads `revised-by` where this one has the period.
 */
export function newPeakEvent(p: NewPeak): AlertEvent {
  const { trigger, obs, level } = p;
  const evidence = figureEvidence(p, p.threshold, 'above');
  evidence.reason = 'new-peak';
  evidence.previousPeak = p.previousPeak;
  return {
    eventId: eventIdOf(p.alertId, 'updated', obs.period.start, 'new-peak'),
    alertId: p.alertId,
    type: 'updated',
    level: level.name,
    previousLevel: level.name,
    severity: level.severity,
    urgency: level.urgency,
    shadow: trigger.shadow,
    trigger: { id: trigger.id, version: trigger.version, title: trigger.title },
    seriesKey: obs.seriesKey,
    evidence: obs.evidence ? { ...evidence, ...obs.evidence } : evidence,
  };
}

function transitionType(from: number, to: number): AlertEventType {
  if (from < 0) return 'firing';
  if (to < 0) return 'resolved';
  return to > from ? 'escalated' : 'de-escalated';
}
