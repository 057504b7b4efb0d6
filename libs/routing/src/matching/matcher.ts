import { AlertContext, severityRank } from '../context/alert.context';
import { LabelName, Matcher } from './matcher.schema';

export type LevelsOf = (triggerId: string) => readonly string[] | undefined;

/** The values of one label of an alert: none, one, or several for a corridor's states and places. */
export function labelValues(context: AlertContext, name: LabelName): readonly string[] {
  switch (name) {
    case 'state':
      return context.states;
    case 'corridor':
      return context.corridors;
    case 'place':
      return context.places;
    case 'indicator':
      return context.indicator === null ? [] : [context.indicator];
    case 'trigger':
      return [context.trigger];
    case 'kind':
      return [context.kind];
    case 'alert':
      return [context.alertId];
  }
}

const shares = (wanted: readonly string[] | undefined, values: readonly string[]): boolean =>
  wanted === undefined || values.some((v) => wanted.includes(v));

/** Whether every key of the matcher holds for the alert (an empty matcher matches every alert). */
export function matches(matcher: Matcher, context: AlertContext, levelsOf: LevelsOf): boolean {
  return (
    shares(matcher.state, context.states) &&
    shares(matcher.corridor, context.corridors) &&
    shares(matcher.place, context.places) &&
    shares(matcher.indicator, labelValues(context, 'indicator')) &&
    shares(matcher.trigger, [context.trigger]) &&
    shares(matcher.kind, [context.kind]) &&
    shares(matcher.level, context.level === null ? [] : [context.level]) &&
    shares(matcher.alert, [context.alertId]) &&
    atLeastLevel(matcher.minLevel, context, levelsOf) &&
    (matcher.minSeverity === undefined || severityRank(context.severity) >= severityRank(matcher.minSeverity))
  );
}

/**
 * Levels are names per trigger, so `minLevel` is compared by position in the alert's own trigger's levels:
 * `minLevel: warning` holds at warning and at every level listed after it. A trigger without a level of that
 * name never reaches it, so the matcher does not hold for its alerts.
 */
function atLeastLevel(minLevel: string | undefined, context: AlertContext, levelsOf: LevelsOf): boolean {
  if (minLevel === undefined) return true;
  const threshold = levelsOf(context.trigger)?.indexOf(minLevel) ?? -1;
  return threshold >= 0 && context.levelIndex !== null && context.levelIndex >= threshold;
}

/** Whether two alerts agree on a label: the same value, a shared one for sets, or both without one. */
export function sameLabel(a: AlertContext, b: AlertContext, name: LabelName): boolean {
  const x = labelValues(a, name);
  const y = labelValues(b, name);
  if (x.length === 0 || y.length === 0) return x.length === y.length;
  return x.some((v) => y.includes(v));
}
