import { AlertEvent, AlertEventType, AlertLevel, Evidence } from '@atalaya/contracts';
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
  readonly previousLevel: AlertLevel | null;
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
    trigger: referenceTo(trigger),
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
 * The figure against the threshold it was compared with, in one object literal per shape: keys added after
 * the literal go to a second, out-of-object store, which the backtest's profile showed (so did spreading
 * the measure and the override into it). The keys come out in the same order whichever literal builds them.
 */
function figureEvidence(
  t: Pick<Transition, 'trigger' | 'obs' | 'measured' | 'override'>,
  threshold: number,
  comparison: Evidence['comparison'],
): Evidence {
  const { trigger, obs, measured, override } = t;
  const { value, period, signalId } = obs;
  if (trigger.condition.type === 'threshold') {
    return !override
      ? { value, period, threshold, comparison, signalId }
      : { value, period, threshold, comparison, signalId, override };
  }
  const { measure } = measured;
  if (!('baseline' in measured)) {
    return !override
      ? { value, period, threshold, comparison, signalId, measure }
      : { value, period, threshold, comparison, signalId, measure, override };
  }
  const { baseline } = measured;
  return !override
    ? { value, period, threshold, comparison, signalId, measure, baseline }
    : { value, period, threshold, comparison, signalId, measure, baseline, override };
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
    trigger: referenceTo(trigger),
    seriesKey: obs.seriesKey,
    evidence: obs.evidence ? { ...evidence, ...obs.evidence } : evidence,
  };
}

/**
 * What an event names of its trigger, made once per Trigger object and shared by all its events: tens of
 * thousands of copies of three fields were a good part of what a backtest's events held in memory. Events
 * are read, serialised and stored, never changed in place, and catalogues are never mutated.
 */
const references = new WeakMap<Trigger, AlertEvent['trigger']>();

function referenceTo(trigger: Trigger): AlertEvent['trigger'] {
  let reference = references.get(trigger);
  if (!reference) {
    reference = { id: trigger.id, version: trigger.version, title: trigger.title };
    references.set(trigger, reference);
  }
  return reference;
}

function transitionType(from: number, to: number): AlertEventType {
  if (from < 0) return 'firing';
  if (to < 0) return 'resolved';
  return to > from ? 'escalated' : 'de-escalated';
}
