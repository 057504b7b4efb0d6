import { Condition, Trigger } from '../catalogue/trigger.schema';

/** Whether an alert of the condition keeps its peak: a no-data measure counts missed reports, not a figure. */
export const keepsPeak = (condition: Condition): boolean => condition.type !== 'no_data';

/**
 * What the measure of an alert standing at level `current` (an index into `levelCount` levels) must reach
 * to re-warn at a new peak, or undefined when the alert does not re-warn there: the trigger has no
 * `rewarnAbove`, the level is below the top one without `rewarnBelowTop`, or the peak is not a finite
 * number above zero (a multiple of it would be no higher). Each re-warning raises the peak, so the next
 * one needs the margin over it: a measure that falls back and rises again to the same height says nothing
 * new.
 */
export function newPeakAt(
  trigger: Trigger,
  current: number,
  levelCount: number,
  peak: number | null,
): number | undefined {
  const { rewarnAbove } = trigger;
  if (rewarnAbove === undefined || peak === null || !(peak > 0 && peak < Infinity) || current < 0) {
    return undefined;
  }
  if (current < levelCount - 1 && !trigger.rewarnBelowTop) return undefined;
  return rewarnAbove * peak;
}
