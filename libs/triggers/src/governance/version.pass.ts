import { AlertEvent, AlertEventType, Evidence } from '@atalaya/contracts';
import { Level, Trigger } from '../catalogue/trigger.schema';
import { appliesTo, levelsFor } from '../evaluation/evaluator';
import { eventIdOf } from '../evaluation/ids';
import { measureOf } from '../evaluation/measure';
import { fold } from '../evaluation/series.memory';
import { initialState, EvaluatedObservation, TriggerState } from '../evaluation/types';

/** One trigger on one series under the version it leaves. */
export interface PassingSeries {
  /** The version the series was evaluated with so far. */
  readonly previousVersion: number;
  readonly state: TriggerState;
  readonly seriesKey: string;
  /** The series as stored, latest revision of each period, in period order. */
  readonly series: readonly EvaluatedObservation[];
}

/**
 * A series passing from one version of a trigger to the next as it takes effect. The new version is run
 * over the series as it stands, and at its latest observation the alert in force, if any, is told where the
 * new version puts it, with evidence `reason: version-change`:
 * - open under both: `updated` at the new level, under the same alert id, never a resolution and a firing;
 * - open under the old one only: `resolved`, the new levels no longer supporting it;
 * - open under the new one only: `firing`, under the id the new version gives it;
 * - open under the old one, and the new one waiting for its figures to hold (`pending`): `updated` at the
 *   level it waits at, since the alert was raised already;
 * - pending under the old one: `firing` or `resolved` under its id when the new version decides it, kept
 *   pending when the new version still waits.
 * The state returned is the new version's, carrying on the alert. Event ids derive from the alert and the
 * version, so a pass repeated after a crash repeats its events exactly (the engine passes a series once:
 * `VersionSwitch`).
 */
export function passToVersion(
  next: Trigger,
  passing: PassingSeries,
): { state: TriggerState; events: AlertEvent[] } {
  const latest = passing.series.at(-1);
  if (!latest) return { state: initialState, events: [] };
  const watched = passing.series.filter((o) => appliesTo(next, o));
  const { state } = fold(next, watched);
  const before = passing.state;
  const say = (type: AlertEventType, alertId: string, now: TriggerState) => ({
    state: now,
    events: [versionEvent({ next, passing, type, alertId, now, latest: watched.at(-1) ?? latest, watched })],
  });
  if (before.alertId === null) {
    if (state.level !== null && state.alertId !== null) return say('firing', state.alertId, state);
    // A rise the new version would be waiting on was never announced: announced when it next moves.
    return { state: state.level === null ? { ...state, alertId: null } : state, events: [] };
  }
  const carried = { ...state, alertId: before.alertId };
  if (state.level !== null) return say(before.level === null ? 'firing' : 'updated', before.alertId, carried);
  if (before.level === null && state.alertId !== null) return { state: carried, events: [] };
  if (before.level !== null && state.pendingLevel !== null) {
    // Raised already: an alert the new version would still be waiting on stays in force at that level.
    const held = { ...carried, level: state.pendingLevel, pendingLevel: null, pendingCount: 0 };
    return say('updated', before.alertId, held);
  }
  return say('resolved', before.alertId, { ...state, alertId: null, sinceResolved: 0 });
}

interface VersionEvent {
  readonly next: Trigger;
  readonly passing: PassingSeries;
  readonly type: AlertEventType;
  readonly alertId: string;
  /** Where the new version leaves the alert at `latest`. */
  readonly now: TriggerState;
  readonly latest: EvaluatedObservation;
  readonly watched: readonly EvaluatedObservation[];
}

function versionEvent(v: VersionEvent): AlertEvent {
  const { next, passing, type, alertId, now, latest } = v;
  const override = next.overrides.find((o) => o.state === latest.location.country);
  const levels = levelsFor(next, override);
  const level = levels.find((l) => l.name === now.level);
  const measured = measureAtLatest(next, v.watched);
  const shown = level ?? levels[0];
  return {
    eventId: eventIdOf(alertId, type, 'version', String(next.version)),
    alertId,
    type,
    level: level?.name ?? null,
    previousLevel: passing.state.level,
    severity: shown.severity,
    urgency: shown.urgency,
    shadow: next.shadow,
    trigger: { id: next.id, version: next.version, title: next.title },
    seriesKey: passing.seriesKey,
    evidence: {
      ...crossing(
        level,
        levels[0],
        measured?.measure ?? latest.value,
        passing.state.level === null && type === 'resolved',
      ),
      value: latest.value,
      period: latest.period,
      signalId: latest.signalId,
      ...(next.condition.type === 'threshold' || !measured ? {} : measured),
      ...(override && 'levels' in override ? { override: override.state } : {}),
      ...latest.evidence,
      reason: 'version-change',
      previousVersion: passing.previousVersion,
    },
  };
}

/** The level's threshold the measure stands at (its fire level, or while it holds, its clear level), or the lowest level's it is below. */
function crossing(
  level: Level | undefined,
  lowest: Level,
  measure: number,
  lapsed: boolean,
): Pick<Evidence, 'threshold' | 'comparison'> {
  if (level)
    return {
      threshold: measure >= level.above ? level.above : (level.clearBelow ?? level.above),
      comparison: 'above',
    };
  if (lapsed) return { threshold: lowest.above, comparison: 'below' };
  return { threshold: lowest.clearBelow ?? lowest.above, comparison: 'below-clear' };
}

/** The new version's measure at the series' latest observation, from what it remembers of the ones before. */
function measureAtLatest(next: Trigger, watched: readonly EvaluatedObservation[]) {
  const latest = watched.at(-1);
  if (!latest) return undefined;
  const { state } = fold(next, watched.slice(0, -1));
  return measureOf(next.condition, state.history, latest.value);
}

/**
 * The passing of a derived series (a ratio or a corridor, rebuilt from its members at every batch) to a
 * version that took effect since its last event: `passToVersion` from where its alert stood in what was
 * published for it (`said`), at the latest period of the rebuilt series. None when nothing was published
 * for it yet, or the last of it is already the new version's.
 */
export function derivedPassOf(
  next: Trigger,
  seriesKey: string,
  said: readonly AlertEvent[],
  series: readonly EvaluatedObservation[],
): AlertEvent[] {
  const last = said.at(-1);
  if (!last || last.trigger.version >= next.version) return [];
  const standing = last.level !== null || last.type === 'pending';
  const state: TriggerState = {
    ...initialState,
    level: last.type === 'pending' ? null : last.level,
    alertId: standing ? last.alertId : null,
  };
  return passToVersion(next, { previousVersion: last.trigger.version, state, seriesKey, series }).events;
}
